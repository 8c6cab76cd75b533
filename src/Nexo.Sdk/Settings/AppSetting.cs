namespace Nexo;

/// <summary>An application-wide key/value setting.</summary>
public sealed record AppSetting
{
    /// <summary>The key.</summary>
    public required string Key { get; init; }

    /// <summary>The value.</summary>
    public required string Value { get; init; }

    /// <summary>When the value was last written (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
