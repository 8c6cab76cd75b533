namespace Nexo;

/// <summary><c>tool-permission-request</c>: tool calls wait for the user to allow or deny them.</summary>
/// <seealso cref="ChatService.RespondToolPermissionAsync"/>
public sealed record ToolPermissionRequestEvent : ChatEvent
{
    /// <inheritdoc />
    public override string EventName => NexoEvents.ToolPermissionRequest;

    /// <summary>The assistant message that holds the calls (the key of the answer).</summary>
    public required string MessageId { get; init; }

    /// <summary>The calls that need an answer.</summary>
    public required IReadOnlyList<ToolCall> ToolCalls { get; init; }

    /// <summary>
    /// What the built-in tool calls among <see cref="ToolCalls"/> would do, by call id: the kind, the path, and for an
    /// edit the text before and after with a unified diff, so a face can show the change before it is allowed.
    /// </summary>
    public IReadOnlyDictionary<string, ToolCallPreview> Previews { get; init; } = new Dictionary<string, ToolCallPreview>();
}
