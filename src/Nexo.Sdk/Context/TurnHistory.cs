using Microsoft.Extensions.AI;
using Nexo.Chats;

namespace Nexo.Context;

/// <summary>
/// What a turn sends to the model, kept as parts that can be fitted into the context window: the system prompt, the
/// latest summary on the branch, the stored turns after it (oldest first, each a user message with the answers, tool calls
/// and results that followed it, never split), and the current turn (its user message and the calls and results of this
/// turn so far).
/// </summary>
internal sealed class TurnHistory
{
    private TurnHistory(ChatMessage? system, Message? summary, List<HistoryGroup> groups, string attachmentsFolder, MediaSupport media)
    {
        Media = media;
        System = system;
        Summary = summary;
        Groups = groups;
        AttachmentsFolder = attachmentsFolder;
    }

    public ChatMessage? System { get; }

    /// <summary>The latest summary on the branch, or <see langword="null"/>.</summary>
    public Message? Summary { get; private set; }

    /// <summary>The stored turns after the summary, oldest first.</summary>
    public List<HistoryGroup> Groups { get; private set; }

    /// <summary>
    /// Where the first answer of the turn goes when it is not the user message: a summary already stored after it (an
    /// answer regenerated after its history was compacted re-uses that summary and becomes a sibling of the first answer).
    /// </summary>
    public string? AnswerParentId { get; private set; }

    /// <summary>Re-uses a summary stored right after the user message being answered again.</summary>
    public void ReuseSummary(Message summary)
    {
        Summary = summary;
        var through = ContextSummaries.Through(summary);
        var index = Groups.FindIndex(g => g.Messages.Exists(m => m.Id == through));
        if (index >= 0)
        {
            Groups = Groups.GetRange(index + 1, Groups.Count - index - 1);
        }

        AnswerParentId = summary.Id;
    }

    /// <summary>The current turn: the user message, then this turn's answers with tool calls and their results.</summary>
    public List<ChatMessage> Current { get; } = [];

    public string AttachmentsFolder { get; }

    /// <summary>How stored PDFs and tool images and audio are sent (see <see cref="MediaSupport.For"/>).</summary>
    public MediaSupport Media { get; }

    /// <summary>Splits a stored branch (before the current user message) at its latest summary and into turns.</summary>
    public static TurnHistory Create(ChatMessage? system, IReadOnlyList<Message> branch, string attachmentsFolder, MediaSupport? media = null)
    {
        Message? summary = null;
        var start = 0;
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < branch.Count; i++)
        {
            positions[branch[i].Id] = i;
            if (ContextSummaries.Through(branch[i]) is { } through && positions.TryGetValue(through, out var at) && at < i)
            {
                summary = branch[i];
                start = Math.Max(start, at + 1);
            }
        }

        var groups = new List<HistoryGroup>();
        List<Message>? group = null;
        for (var i = start; i < branch.Count; i++)
        {
            var m = branch[i];
            if (ContextSummaries.IsSummary(m))
            {
                continue;
            }

            if (group is null || m.Role == MessageRole.User)
            {
                group = [];
                groups.Add(new HistoryGroup(group));
            }

            group.Add(m);
        }

        return new TurnHistory(system, summary, groups, attachmentsFolder, media ?? MediaSupport.TextOnly);
    }

    /// <summary>The summary as the model sees it.</summary>
    public ChatMessage? SummaryMessage => Summary is null ? null : new ChatMessage(ChatRole.System, ContextSummaries.Preamble + "\n\n" + Summary.Content);

    /// <summary>The request: the system prompt, the summary, the turns from <paramref name="firstGroup"/> on, and the current turn.</summary>
    public List<ChatMessage> Assemble(int firstGroup = 0, bool withSummary = true)
    {
        var request = new List<ChatMessage>();
        var summary = withSummary ? SummaryMessage : null;
        if (System is not null && summary is not null)
        {
            // One system message: several are not accepted the same way by every provider.
            request.Add(new ChatMessage(ChatRole.System, System.Text + "\n\n" + summary.Text));
        }
        else if ((System ?? summary) is { } only)
        {
            request.Add(only);
        }

        for (var i = firstGroup; i < Groups.Count; i++)
        {
            request.AddRange(Groups[i].ChatMessages(AttachmentsFolder, Media));
        }

        request.AddRange(Current);
        return request;
    }

    /// <summary>After a summary was stored: it replaces the turns it covers.</summary>
    public void Compacted(Message summary, int firstKeptGroup)
    {
        Summary = summary;
        Groups = Groups.GetRange(firstKeptGroup, Groups.Count - firstKeptGroup);
    }
}

/// <summary>One stored turn: a user message and what followed it until the next user message.</summary>
internal sealed class HistoryGroup(List<Message> messages)
{
    private List<ChatMessage>? _chat;
    private (string Encoding, int Tokens)? _tokens;

    public List<Message> Messages { get; } = messages;

    public List<ChatMessage> ChatMessages(string attachmentsFolder, MediaSupport media) => _chat ??= HistoryBuilder.Build(Messages, attachmentsFolder, media);

    public int Tokens(TokenCounter counter, string attachmentsFolder, MediaSupport media)
    {
        if (_tokens is { } t && t.Encoding == counter.Encoding)
        {
            return t.Tokens;
        }

        var tokens = ChatMessages(attachmentsFolder, media).Sum(counter.Count);
        _tokens = (counter.Encoding, tokens);
        return tokens;
    }
}
