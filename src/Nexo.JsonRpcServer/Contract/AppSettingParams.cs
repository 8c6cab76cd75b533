namespace Nexo.JsonRpcServer.Contract;

/// <summary>Parameters of <c>save_app_setting</c>.</summary>
public sealed record SaveAppSettingParams
{
    /// <summary>The key.</summary>
    public required string Key { get; init; }

    /// <summary>The value.</summary>
    public required string Value { get; init; }
}

/// <summary>Parameters of <c>get_app_setting</c>.</summary>
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

/// <summary>Parameters of <c>get_all_app_settings</c> (none).</summary>
public sealed record GetAllAppSettingsParams;
