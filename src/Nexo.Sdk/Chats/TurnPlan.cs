using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Nexo.Chats;

internal enum ParentKind
{
    ActiveLeaf,
    Root,
    Message,
}

/// <summary>Where the new user message of a turn attaches in the chat's message tree.</summary>
internal readonly record struct ParentChoice(ParentKind Kind, string? MessageId)
{
    public static ParentChoice ActiveLeaf => new(ParentKind.ActiveLeaf, null);

    public static ParentChoice Root => new(ParentKind.Root, null);

    public static ParentChoice Message(string id) => new(ParentKind.Message, id);
}

/// <summary>Everything one turn needs to know (send, edit-and-resend and regenerate are all turns).</summary>
internal sealed record TurnPlan
{
    public required string ChatId { get; init; }

    /// <summary>The text of a new user message; <see langword="null"/> when an existing one is answered again.</summary>
    public string? NewUserContent { get; init; }

    public Message? ExistingUserMessage { get; init; }

    public IReadOnlyList<string>? Files { get; init; }

    /// <summary>MCP resources attached to the new user message.</summary>
    public IReadOnlyList<McpResourceReference>? Resources { get; init; }

    public JsonElement? Metadata { get; init; }

    public ParentChoice Parent { get; init; } = ParentChoice.ActiveLeaf;

    public string? SelectedModel { get; init; }

    public ReasoningEffort? ReasoningEffort { get; init; }

    public string? LlmConnectionId { get; init; }

    public string? SystemMessage { get; init; }

    public double? Temperature { get; init; }

    public bool? Stream { get; init; }

    /// <summary>The shape the answer must take (checked after the last model call).</summary>
    public ChatResponseFormat? ResponseFormat { get; init; }

    public WorkspaceAccess? WorkspaceAccess { get; init; }

    /// <summary>The caller's tools for this turn only.</summary>
    public IList<AITool>? Tools { get; init; }

    /// <summary>Run even when the workspace's monthly budget is spent.</summary>
    public bool IgnoreBudget { get; init; }
}
