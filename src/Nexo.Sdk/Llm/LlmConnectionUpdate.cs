namespace Nexo;

/// <summary>A partial update of an <see cref="LlmConnection"/>; <see langword="null"/> properties keep their stored value.</summary>
public sealed record LlmConnectionUpdate
{
    /// <summary>The new name.</summary>
    public string? Name { get; init; }

    /// <summary>The new wire protocol.</summary>
    public LlmProviderKind? Provider { get; init; }

    /// <summary>The new base URL.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The new API key (empty string removes it).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Replaces the extra HTTP headers.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Replaces the known models.</summary>
    public IReadOnlyList<LlmModel>? Models { get; init; }

    /// <summary>The new default model (empty string clears it).</summary>
    public string? DefaultModel { get; init; }

    /// <summary>Enables or disables the connection.</summary>
    public bool? Enabled { get; init; }

    /// <summary>Turns sending PDF attachments as documents on or off (see <see cref="LlmConnection.NativeDocuments"/>).</summary>
    public bool? NativeDocuments { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"LlmConnectionUpdate {{ Name = {Name}, Provider = {Provider}, BaseUrl = {BaseUrl} }}";
}
