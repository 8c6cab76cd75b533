namespace Nexo.JsonRpcServer.Contract;

/// <summary><c>save_app_setting</c>: inserts or replaces an application-wide setting.</summary>
public sealed record SaveAppSettingParams
{
    /// <summary>The key.</summary>
    public required string Key { get; init; }

    /// <summary>The value.</summary>
    public required string Value { get; init; }
}

/// <summary><c>get_app_setting</c>: reads an application-wide setting.</summary>
public sealed record GetAppSettingParams
{
    /// <summary>The key.</summary>
    public required string Key { get; init; }
}

/// <summary>The result of <c>get_app_setting</c>.</summary>
public sealed record GetAppSettingResult
{
    /// <summary>The value; omitted when the key is not set.</summary>
    public string? Value { get; init; }
}

/// <summary><c>get_all_app_settings</c>: lists every application-wide setting, ordered by key.</summary>
public sealed record GetAllAppSettingsParams;
