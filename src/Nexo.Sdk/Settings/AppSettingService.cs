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

        return _repository.SetAsync(Validate.Name(key, "key"), value, cancellationToken);
    }

    /// <summary>Reads a setting's value, or <see langword="null"/> when it is not set.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        (await _repository.GetAsync(Validate.Name(key, "key"), cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>Lists all settings ordered by key.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<IReadOnlyList<AppSetting>> ListAsync(CancellationToken cancellationToken = default) => _repository.ListAsync(cancellationToken);

    /// <summary>Deletes a setting.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when it was not set.</returns>
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => _repository.DeleteAsync(Validate.Name(key, "key"), cancellationToken);
}
