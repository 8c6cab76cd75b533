namespace Nexo;

/// <summary>The input for creating a <see cref="Chat"/>.</summary>
public sealed record NewChat
{
    /// <summary>An id chosen by the caller; a new one is generated when <see langword="null"/>.</summary>
    public string? Id { get; init; }

    /// <summary>The workspace (required).</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The title; <c>New chat</c> when empty.</summary>
    public string? Title { get; init; }
}
