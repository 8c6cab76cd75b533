namespace Nexo;

/// <summary>The user's answer to a <see cref="ToolPermissionRequestEvent"/> (<see cref="ChatService.RespondToolPermissionAsync"/>).</summary>
public sealed record ToolPermissionResponse
{
    /// <summary>The assistant message whose tool calls wait (the request's <c>messageId</c>).</summary>
    public required string MessageId { get; init; }

    /// <summary>Whether the calls are allowed.</summary>
    public required bool Approved { get; init; }

    /// <summary>When approved: only these call ids run (all when <see langword="null"/>); the others are denied.</summary>
    public IReadOnlyList<string>? AllowedToolIds { get; init; }

    /// <summary>When set, the answer becomes a stored per-tool rule (always allow or always deny) for the workspace.</summary>
    public bool Remember { get; init; }

    /// <summary>
    /// When <see cref="Remember"/> is not set: the call ids whose answer becomes a stored rule (the others are answered
    /// once). For faces whose user answers each call separately (ACP's <c>allow_always</c> / <c>reject_always</c>).
    /// </summary>
    internal IReadOnlyList<string>? RememberToolIds { get; init; }
}
