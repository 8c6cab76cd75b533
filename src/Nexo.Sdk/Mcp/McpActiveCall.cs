using System.Collections.Concurrent;

namespace Nexo;

/// <summary>
/// A tool call running on a live MCP client: which chat, message and call it runs for (when it runs in a turn) and its
/// cancellation, so a server's elicitation request during the call can be attributed to it and ends with it; and the
/// notes Nexo adds to its result (an elicitation Nexo had to answer on the user's behalf).
/// </summary>
internal sealed class McpActiveCall(McpLiveClient live, ToolCallContext? context, CancellationToken cancellationToken) : IDisposable
{
    private readonly ConcurrentQueue<string> _notes = new();

    public string? ChatId { get; } = context?.ChatId;

    public string? MessageId { get; } = context?.MessageId;

    public string? ToolCallId { get; } = context?.Call.Id;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public void AddNote(string note) => _notes.Enqueue(note);

    /// <summary>The notes so far, in order.</summary>
    public IReadOnlyList<string> Notes => _notes.ToArray();

    public void Dispose() => live.Untrack(this);
}
