namespace Nexo;

/// <summary>Stores application-wide key/value settings.</summary>
internal interface IAppSettingRepository
{
    /// <summary>Inserts or replaces a setting.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task SetAsync(string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Reads a setting, or <see langword="null"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<AppSetting?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Lists all settings ordered by key.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<AppSetting>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes a setting.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when it did not exist.</returns>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);
}
