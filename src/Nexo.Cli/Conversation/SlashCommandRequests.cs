namespace Nexo.Cli.Conversation;

/// <summary>Builds the SDK's slash command request from the CLI's per-turn options (the session's or <c>nexo chat</c>'s).</summary>
internal static class SlashCommandRequests
{
    /// <summary>The request that runs <paramref name="name"/> in <paramref name="chatId"/> with the options of <paramref name="turn"/>.</summary>
    public static RunSlashCommandRequest From(SendMessageRequest turn, string chatId, string name, IReadOnlyDictionary<string, string> arguments) => new()
    {
        ChatId = chatId,
        Name = name,
        Arguments = arguments,
        Files = turn.Files,
        Resources = turn.Resources,
        Metadata = turn.Metadata,
        SelectedModel = turn.SelectedModel,
        ReasoningEffort = turn.ReasoningEffort,
        LlmConnectionId = turn.LlmConnectionId,
        SystemMessage = turn.SystemMessage,
        Temperature = turn.Temperature,
        Stream = turn.Stream,
        ResponseFormat = turn.ResponseFormat,
        IgnoreBudget = turn.IgnoreBudget,
    };

    /// <summary>How a command shows in lists: <c>/name &lt;required&gt; [optional]</c>.</summary>
    public static string Usage(SlashCommand command) =>
        string.Join(' ', command.Arguments.Select(a => a.Required ? $"<{a.Name}>" : $"[{a.Name}]").Prepend("/" + command.Name));
}
