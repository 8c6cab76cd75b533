namespace Nexo;

/// <summary>Reads and writes application-wide key/value settings.</summary>
public sealed class AppSettingService
{
    private readonly IAppSettingRepository _repository;

    internal AppSettingService(IAppSettingRepository repository) => _repository = repository;

    /// <summary>Inserts or replaces a setting.</summary>
    /// <param name="key">The key (not empty, at most 200 characters).</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task SetAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        if (value is null)
        {
            throw NexoException.Validation("value", "The value must not be null.");
        }

        return _repository.SetAsync(Public(key), value, cancellationToken);
    }

    /// <summary>Reads a setting's value, or <see langword="null"/> when it is not set.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        (await _repository.GetAsync(Public(key), cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>Lists all settings ordered by key.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<IReadOnlyList<AppSetting>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _repository.ListAsync(cancellationToken).ConfigureAwait(false)).Where(s => !IsReserved(s.Key)).ToList();

    /// <summary>Deletes a setting.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when it was not set.</returns>
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => _repository.DeleteAsync(Public(key), cancellationToken);

    private static bool IsReserved(string key) => key.StartsWith("nexo.internal.", StringComparison.OrdinalIgnoreCase);

    /// <summary>Validates a key and refuses the ones Nexo keeps for itself (the encryption key check).</summary>
    private static string Public(string key)
    {
        var valid = Validate.Name(key, "key");
        return IsReserved(valid)
            ? throw NexoException.Validation("key", $"'{valid}' is reserved for Nexo's own use.")
            : valid;
    }
}
