using Microsoft.Extensions.AI;
using Nexo.Tools;

namespace Nexo.Chats;

/// <summary>Everything the parts of one running turn share: what was resolved before it started, and where events go.</summary>
internal sealed class TurnContext
{
    public required TurnPlan Plan { get; init; }

    public required Chat Chat { get; init; }

    public Workspace? Workspace { get; init; }

    public required WorkspaceSettings Settings { get; init; }

    public required LlmConnection Connection { get; init; }

    public required string Model { get; init; }

    public required IChatClient Client { get; init; }

    public ReasoningEffort? Effort { get; init; }

    public required IReadOnlyList<Attachment> Attachments { get; init; }

    /// <summary>The compiled schema of <see cref="TurnPlan.ResponseFormat"/>, when it has one.</summary>
    public Json.Schema.JsonSchema? ResponseSchema { get; init; }

    public required ToolSet Tools { get; init; }

    public required ActiveTurn Turn { get; init; }

    /// <summary>Storage writes use this token: a cancelled turn must still be able to persist its final state.</summary>
    public required CancellationToken Io { get; init; }

    /// <summary>Publishes an event to the process-wide stream and to the caller's sink.</summary>
    public required Action<ChatEvent> Emit { get; init; }

    /// <summary>Whether the model's answer is streamed.</summary>
    public bool Stream => Plan.Stream ?? Settings.StreamEnabled;

    public string ChatId => Chat.Id;
}
