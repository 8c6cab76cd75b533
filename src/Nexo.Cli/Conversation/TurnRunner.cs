using System.Text.Json;
using Nexo.Cli.Output;

namespace Nexo.Cli.Conversation;

/// <summary>How a chat turn is shown and how its tool calls are permitted.</summary>
internal sealed record TurnOptions
{
    /// <summary>One JSON event per line on stdout instead of the answer's text.</summary>
    public bool Json { get; init; }

    /// <summary>Show the model's reasoning, dimmed, on stderr.</summary>
    public bool ShowThinking { get; init; }

    /// <summary>
    /// Allow the tool calls that only read without asking (<c>--yes</c>): the read-only built-in tools and MCP tools that
    /// declare <c>readOnlyHint</c>.
    /// </summary>
    public bool AllowReadOnlyTools { get; init; }

    /// <summary>Allow every tool call without asking (<c>--yes-all</c>).</summary>
    public bool AllowAllTools { get; init; }

    /// <summary>Tools allowed without asking (<c>--allow-tool NAME</c>): a tool name, <c>server/tool</c>, or the name the model used.</summary>
    public IReadOnlyList<string> AllowedTools { get; init; } = [];
}

/// <summary>How a turn ended.</summary>
internal enum TurnOutcome
{
    /// <summary>The answer is complete.</summary>
    Completed,

    /// <summary>The turn failed; the error line has been written.</summary>
    Failed,

    /// <summary>The user cancelled the turn.</summary>
    Cancelled,

    /// <summary>No connection or model is configured; the error line has been written.</summary>
    NotConfigured,
}

/// <summary>Exit codes for turn outcomes.</summary>
internal static class TurnOutcomes
{
    public static int ToExitCode(this TurnOutcome outcome) => outcome switch
    {
        TurnOutcome.Completed => ExitCodes.Ok,
        TurnOutcome.Cancelled => ExitCodes.Cancelled,
        TurnOutcome.NotConfigured => ExitCodes.NotConfigured,
        _ => ExitCodes.Error,
    };
}

/// <summary>
/// Runs one chat turn through the SDK and shows it: the answer streams to stdout as it arrives (or one JSON event per
/// line), reasoning and tool activity go to stderr, a spinner waits on a terminal, and tool permission requests are
/// answered: by <c>--yes</c> (reads only), <c>--yes-all</c> or <c>--allow-tool</c>, by asking at a terminal (an edit's diff and
/// a command's line shown first), or denied with a message when nobody can answer.
/// </summary>
internal sealed class TurnRunner
{
    /// <summary>The most diff lines shown at the prompt; the rest are counted.</summary>
    private const int MaxDiffLines = 200;

    private readonly CliContext _ctx;
    private readonly NexoClient _nexo;
    private readonly TurnOptions _options;
    private readonly CliConsole _console;
    private readonly HashSet<string> _streamed = new(StringComparer.Ordinal);
    private TerminalText _answerFilter = new();
    private TerminalText _thinkingFilter = new();
    private bool _outMidLine;
    private bool _errMidLine;
    private string? _lastError;
    private NexoErrorKind _lastErrorKind;

    public TurnRunner(CliContext ctx, NexoClient nexo, TurnOptions options)
    {
        _ctx = ctx;
        _nexo = nexo;
        _options = options;
        _console = ctx.Console;
    }

    /// <summary>Whether the last turn got as far as storing its messages (<c>message-started</c>).</summary>
    public bool Started { get; private set; }

    /// <summary>Runs the turn; returns how it ended (errors are already reported on stderr).</summary>
    public async Task<TurnOutcome> RunAsync(SendMessageRequest request, CancellationToken cancellationToken)
    {
        _streamed.Clear();
        _answerFilter = new TerminalText();
        _thinkingFilter = new TerminalText();
        _lastError = null;
        Started = false;
        using var spinner = new Spinner(_console);
        spinner.Start("waiting for the model…");
        var cancelled = false;
        try
        {
            await foreach (var e in _nexo.Chats.StreamMessageAsync(request, cancellationToken).ConfigureAwait(false))
            {
                if (e is MessageCancelledEvent)
                {
                    cancelled = true;
                }

                if (e is MessageStartedEvent)
                {
                    Started = true;
                }

                if (_options.Json)
                {
                    spinner.Stop();
                    JsonOutput.WriteEvent(_console.Out, e);
                    if (e is ToolPermissionRequestEvent jsonRequest)
                    {
                        await AnswerPermissionAsync(jsonRequest, spinner, cancellationToken).ConfigureAwait(false);
                    }
                    else if (e is MessageErrorEvent jsonError)
                    {
                        (_lastError, _lastErrorKind) = (jsonError.Error, jsonError.Kind);
                    }

                    continue;
                }

                await RenderAsync(e, spinner, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
        }
        catch (NexoException ex) when (ex.Kind == NexoErrorKind.Cancelled)
        {
            cancelled = true;
        }
        catch (NexoException ex)
        {
            spinner.Stop();
            EndLines();
            CliErrors.Report(_console, ex);
            return ex.Kind == NexoErrorKind.NotConfigured ? TurnOutcome.NotConfigured : TurnOutcome.Failed;
        }

        spinner.Stop();
        EndLines();
        if (cancelled)
        {
            _ctx.Info(_console.ErrorStyle.Dim("(cancelled)"));
            return TurnOutcome.Cancelled;
        }

        if (_lastError is not null)
        {
            CliErrors.Write(_console, _lastErrorKind.ToString(), ForErr(_lastError));
            return TurnOutcome.Failed;
        }

        return TurnOutcome.Completed;
    }

    private async Task RenderAsync(ChatEvent e, Spinner spinner, CancellationToken cancellationToken)
    {
        var err = _console.ErrorStyle;
        switch (e)
        {
            case MessageChunkEvent chunk when chunk.Chunk.Length > 0:
                spinner.Stop();
                if (_errMidLine)
                {
                    _console.Error.WriteLine();
                    _errMidLine = false;
                }

                _streamed.Add(chunk.MessageId);
                WriteOut(chunk.Chunk);
                break;
            case ThinkingChunkEvent thinking when thinking.Chunk.Length > 0:
                if (_options.ShowThinking)
                {
                    spinner.Stop();
                    var shown = _console.ErrorIsTerminal ? _thinkingFilter.Filter(thinking.Chunk) : thinking.Chunk;
                    _console.Error.Write(err.DimStart + shown + err.Reset);
                    _errMidLine = !thinking.Chunk.EndsWith('\n');
                }
                else
                {
                    spinner.Start("thinking…");
                }

                break;
            case MessageCompleteEvent complete:
                spinner.Stop();
                if (!_streamed.Contains(complete.MessageId) && complete.Content.Length > 0)
                {
                    WriteOut(complete.Content);
                }

                EndLines();
                break;
            case MessageErrorEvent error:
                spinner.Stop();
                (_lastError, _lastErrorKind) = (error.Error, error.Kind);
                break;
            case ToolCallsDetectedEvent detected:
                spinner.Stop();
                EndLines();
                foreach (var call in detected.ToolCalls)
                {
                    Note(err.Yellow("→ ") + err.Bold(ForErr(call.Name)) + err.Dim(ForErr($"{Server(call)} {Arguments(call.Arguments, 200)}")));
                }

                break;
            case ToolPermissionRequestEvent request:
                await AnswerPermissionAsync(request, spinner, cancellationToken).ConfigureAwait(false);
                break;
            case ToolExecutionProgressEvent progress:
                switch (progress.Status)
                {
                    case "executing":
                        spinner.Start($"running {ForErr(progress.ToolName)}…");
                        break;
                    case "progress":
                        spinner.Start(ForErr($"running {progress.ToolName}… {Formats.Progress(progress.Progress, progress.Total, progress.ProgressMessage)}"));
                        break;
                    case "completed":
                        spinner.Stop();
                        Note(err.Green("✓ ") + ForErr(progress.ToolName) + err.Dim(" " + ForErr(Formats.Truncate(progress.Result, 120))));
                        break;
                    case "denied":
                        spinner.Stop();
                        Note(err.Red("✗ ") + ForErr(progress.ToolName) + err.Dim(" denied"));
                        break;
                    default:
                        spinner.Stop();
                        Note(err.Red("✗ ") + ForErr(progress.ToolName) + err.Dim(ForErr($" {progress.Status}: {Formats.Truncate(progress.Error, 200)}")));
                        break;
                }

                break;
            case ToolExecutionCompletedEvent:
            case AgentLoopIterationEvent:
                spinner.Start("waiting for the model…");
                break;
            case PlanUpdatedEvent plan:
                spinner.Stop();
                EndLines();
                WritePlan(plan.Entries);
                spinner.Start("waiting for the model…");
                break;
            case ContextCompactedEvent compacted:
                spinner.Stop();
                EndLines();
                Note(err.Dim(ForErr(ContextNote(compacted))));
                spinner.Start("waiting for the model…");
                break;
        }
    }

    /// <summary>The one-line note a compaction gets on stderr.</summary>
    internal static string ContextNote(ContextCompactedEvent e)
    {
        var what = e.Strategy == ContextStrategy.Summarize
            ? $"summarized the {e.CompactedMessages} oldest messages"
            : $"left the {e.CompactedMessages} oldest messages out of this request";
        var why = e.Reason == "provider" ? "the provider said the context was too long" : $"the history did not fit the {e.ContextWindow:N0}-token window";
        var dropped = e.DroppedMessages > 0 ? $"; {e.DroppedMessages} too old to summarize were dropped" : string.Empty;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"context: {what} ({why}; now {(e.Estimated ? "≈" : string.Empty)}{e.Tokens:N0} tokens{dropped})");
    }

    private async Task AnswerPermissionAsync(ToolPermissionRequestEvent request, Spinner spinner, CancellationToken cancellationToken)
    {
        spinner.Stop();
        EndLines();
        var readOnly = await ReadOnlyCallsAsync(request, cancellationToken).ConfigureAwait(false);
        var allowed = request.ToolCalls
            .Where(c => _options.AllowAllTools || (_options.AllowReadOnlyTools && readOnly.Contains(c.Id)) || _options.AllowedTools.Any(a => Matches(c, a)))
            .Select(c => c.Id).ToList();
        var undecided = request.ToolCalls.Where(c => !allowed.Contains(c.Id)).ToList();
        ToolPermissionResponse response;
        if (undecided.Count == 0)
        {
            response = new ToolPermissionResponse { MessageId = request.MessageId, Approved = true };
        }
        else if (_console.CanPrompt)
        {
            var answer = Ask(undecided, request.Previews);
            var approvedIds = answer == PermissionAnswer.Deny ? allowed : [.. allowed, .. undecided.Select(c => c.Id)];
            response = new ToolPermissionResponse
            {
                MessageId = request.MessageId,
                Approved = approvedIds.Count > 0,
                AllowedToolIds = approvedIds,
                Remember = answer == PermissionAnswer.Always && allowed.Count == 0,
            };
        }
        else
        {
            foreach (var call in undecided)
            {
                _ctx.Warn(ForErr($"denied the tool call '{call.Name}'{Server(call)}: there is no terminal to ask for permission. {DenialHint(call, readOnly.Contains(call.Id))}"));
            }

            response = new ToolPermissionResponse { MessageId = request.MessageId, Approved = allowed.Count > 0, AllowedToolIds = allowed };
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while the question was open: the turn has already treated the calls as denied.
            return;
        }

        await _nexo.Chats.RespondToolPermissionAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The ids of the calls that only read: built-in reading tools (by their preview) and MCP tools whose server declares
    /// <c>readOnlyHint</c> (in the tool list stored when the turn connected to it).
    /// </summary>
    private async Task<HashSet<string>> ReadOnlyCallsAsync(ToolPermissionRequestEvent request, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var servers = new Dictionary<string, McpServer?>(StringComparer.Ordinal);
        foreach (var call in request.ToolCalls)
        {
            if (call.ServerId is not { } serverId)
            {
                if (ToolKinds.IsReadOnlyBuiltin(call, request.Previews))
                {
                    ids.Add(call.Id);
                }

                continue;
            }

            if (!servers.TryGetValue(serverId, out var server))
            {
                server = servers[serverId] = await _nexo.McpServers.FindByIdAsync(serverId, cancellationToken).ConfigureAwait(false);
            }

            if (server?.Tools.FirstOrDefault(t => t.Name == call.Name)?.ReadOnlyHint == true)
            {
                ids.Add(call.Id);
            }
        }

        return ids;
    }

    /// <summary>How to allow a call that was denied for want of a terminal.</summary>
    private string DenialHint(ToolCall call, bool readOnly)
    {
        if (readOnly)
        {
            return $"Pass --yes (it only reads), --yes-all, or --allow-tool {call.Name}, to allow it.";
        }

        return _options.AllowReadOnlyTools
            ? $"--yes allows only tools that read; pass --yes-all, or --allow-tool {call.Name}, to allow it."
            : $"Pass --yes-all, or --allow-tool {call.Name}, to allow it.";
    }

    private PermissionAnswer Ask(IReadOnlyList<ToolCall> calls, IReadOnlyDictionary<string, ToolCallPreview> previews)
    {
        var err = _console.ErrorStyle;
        _console.Error.WriteLine(err.Bold(calls.Count == 1 ? "The model wants to run a tool:" : $"The model wants to run {calls.Count} tools:"));
        foreach (var call in calls)
        {
            if (previews.TryGetValue(call.Id, out var preview))
            {
                WritePreview(call, preview);
                continue;
            }

            _console.Error.WriteLine($"  {err.Bold(ForErr(call.Name))}{err.Dim(ForErr(Server(call)))}");
            _console.Error.WriteLine(err.Dim("    " + ForErr(Arguments(call.Arguments, 2000))));
        }

        while (true)
        {
            _console.Error.Write($"Allow? {err.Bold("[y]")}es once, {err.Bold("[a]")}lways, {err.Bold("[n]")}o: ");
            var line = _console.In.ReadLine();
            switch (line?.Trim().ToLowerInvariant())
            {
                case null:
                case "n":
                case "no":
                case "d":
                case "deny":
                    return PermissionAnswer.Deny;
                case "y":
                case "yes":
                case "once":
                    return PermissionAnswer.Once;
                case "a":
                case "always":
                    return PermissionAnswer.Always;
            }
        }
    }

    /// <summary>
    /// What a built-in call would do, at the prompt: the file it touches, an edit's unified diff (added lines green,
    /// removed lines red when stderr has colour), a command's line, and why the call would fail when it would.
    /// </summary>
    private void WritePreview(ToolCall call, ToolCallPreview preview)
    {
        var err = _console.ErrorStyle;
        var what = preview.Command is { } command ? "$ " + command : preview.Path ?? Arguments(call.Arguments, 2000);
        _console.Error.WriteLine($"  {err.Bold(ForErr(call.Name))} {ForErr(Formats.Truncate(what, 2000))}");
        if (preview.Diff is { Length: > 0 } diff)
        {
            foreach (var line in ToolKinds.DiffLines(diff, MaxDiffLines))
            {
                var text = "    " + ForErr(line);
                _console.Error.WriteLine(line switch
                {
                    _ when line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) => err.Bold(text),
                    _ when line.StartsWith('+') => err.Green(text),
                    _ when line.StartsWith('-') => err.Red(text),
                    _ when line.StartsWith("@@", StringComparison.Ordinal) => err.Cyan(text),
                    _ when line.StartsWith('…') => err.Dim(text),
                    _ => text,
                });
            }
        }
        else if (preview.Kind == "edit" && preview.Error is null)
        {
            _console.Error.WriteLine(err.Dim("    (no change)"));
        }

        if (preview.Error is { } error)
        {
            _console.Error.WriteLine(err.Red("    it will fail: ") + ForErr(Formats.Truncate(error, 500)));
        }
    }

    /// <summary>The chat's plan as the model last set it, one line per entry, on stderr.</summary>
    private void WritePlan(IReadOnlyList<PlanEntry> entries)
    {
        var err = _console.ErrorStyle;
        Note(err.Bold("plan:") + (entries.Count == 0 ? err.Dim(" (empty)") : string.Empty));
        foreach (var entry in entries)
        {
            var line = ForErr(Formats.Truncate(entry.Content, 200));
            _console.Error.WriteLine(entry.Status switch
            {
                "completed" => "  " + err.Green("✓ ") + err.Dim(line),
                "in_progress" => "  " + err.Yellow("▸ ") + err.Bold(line),
                _ => "  " + err.Dim("○ ") + line,
            });
        }
    }

    private static bool Matches(ToolCall call, string allowed) =>
        string.Equals(call.Name, allowed, StringComparison.Ordinal)
        || string.Equals(call.ModelName, allowed, StringComparison.Ordinal)
        || (call.ServerName is not null && string.Equals($"{call.ServerName}/{call.Name}", allowed, StringComparison.Ordinal))
        || (call.ServerId is not null && string.Equals($"{call.ServerId}/{call.Name}", allowed, StringComparison.Ordinal));

    private static string Server(ToolCall call) => call.ServerName is null ? string.Empty : $" (server: {call.ServerName})";

    private static string Arguments(JsonElement? arguments, int max) =>
        Formats.Truncate(arguments is { ValueKind: not JsonValueKind.Undefined } a ? JsonSerializer.Serialize(a, JsonOutput.CompactInfo<JsonElement>()) : "{}", max);

    /// <summary>Writes answer text to stdout: on a terminal without control sequences, piped exactly as the model sent it.</summary>
    private void WriteOut(string text)
    {
        _console.Out.Write(_console.OutputIsTerminal ? _answerFilter.Filter(text) : text);
        _outMidLine = !text.EndsWith('\n');
    }

    /// <summary>Untrusted text for stderr: without control sequences when stderr is a terminal.</summary>
    private string ForErr(string? text) => TerminalText.ForTerminal(text, _console.ErrorIsTerminal);

    /// <summary>A line for people on stderr, starting on a fresh line of the terminal.</summary>
    private void Note(string line)
    {
        EndLines();
        _console.Error.WriteLine(line);
    }

    /// <summary>Ends a half-written answer or reasoning line, so what follows starts on its own line.</summary>
    private void EndLines()
    {
        if (_errMidLine)
        {
            _console.Error.WriteLine();
            _errMidLine = false;
        }

        if (_outMidLine)
        {
            _console.Out.WriteLine();
            _outMidLine = false;
        }
    }

    private enum PermissionAnswer
    {
        Once,
        Always,
        Deny,
    }
}
