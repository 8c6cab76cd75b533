using System.Collections.Concurrent;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// What one turn knows about its tool calls beyond the engine's events, shared between the turn's update loop
/// (<see cref="AcpTurn"/>) and the client-backed workspace access that runs inside the calls
/// (<see cref="AcpClientFiles"/>, <see cref="AcpTerminalRunner"/>): the calls announced to the client, the previews
/// shown when permission was asked, the terminals the calls run in, and the files they read and wrote.
/// </summary>
internal sealed class AcpTurnCalls
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _announced = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string CallId, string Path), string> _reads = new();

    /// <summary>The calls of the turn, by id (from <c>tool-calls-detected</c>).</summary>
    public ConcurrentDictionary<string, ToolCall> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>The previews of the calls permission was asked for, by call id.</summary>
    public ConcurrentDictionary<string, ToolCallPreview> Previews { get; } = new(StringComparer.Ordinal);

    /// <summary>The client terminal each <c>run_command</c> call runs in, by call id.</summary>
    public ConcurrentDictionary<string, string> Terminals { get; } = new(StringComparer.Ordinal);

    /// <summary>The change each call made through the client's file system (the first old text, the last new text), by call id.</summary>
    public ConcurrentDictionary<string, ToolCallDiff> Writes { get; } = new(StringComparer.Ordinal);

    /// <summary>Marks the call's <c>tool_call</c> as sent to the client.</summary>
    public void Announced(string callId) => Announcement(callId).TrySetResult();

    /// <summary>Completes once the call's <c>tool_call</c> was sent, so updates about it never come first.</summary>
    public Task WhenAnnouncedAsync(string callId) => Announcement(callId).Task;

    /// <summary>Remembers what a call read from a file (the old text of a later write in the same call).</summary>
    public void RecordRead(string callId, string path, string text) => _reads[(callId, path)] = text;

    /// <summary>The text the call last read from the file, if it read it.</summary>
    public string? LastRead(string callId, string path) => _reads.TryGetValue((callId, path), out var text) ? text : null;

    /// <summary>Remembers a write of a call: the text before it (<see langword="null"/> for a new file) and after.</summary>
    public void RecordWrite(string callId, string path, string? oldText, string newText) =>
        Writes.AddOrUpdate(
            callId,
            _ => new ToolCallDiff { Path = path, OldText = oldText, NewText = newText },
            (_, first) => first.Path == path ? first with { NewText = newText } : new ToolCallDiff { Path = path, OldText = oldText, NewText = newText });

    private TaskCompletionSource Announcement(string callId) =>
        _announced.GetOrAdd(callId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
