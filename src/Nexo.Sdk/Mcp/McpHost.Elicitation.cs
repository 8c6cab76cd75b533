using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace Nexo;

/// <content>
/// MCP elicitation: a server's <c>elicitation/create</c> becomes a <see cref="McpElicitationRequestEvent"/>, waits for
/// <see cref="RespondToElicitationAsync"/> (checked against the requested schema), and ends as <c>cancel</c> on a timeout
/// or when the tool call it belongs to is cancelled.
/// </content>
public sealed partial class McpHost
{
    private readonly ConcurrentDictionary<string, PendingElicitation> _elicitations = new(StringComparer.Ordinal);
    private McpElicitationModes _elicitationModes;

    /// <summary>
    /// The elicitation modes the application can answer now (<see cref="NexoOptions.McpElicitation"/>): the MCP client
    /// capability <c>elicitation</c> that servers see. A change applies to connections opened afterwards: a live server
    /// is reconnected, quietly, on its next use.
    /// </summary>
    /// <exception cref="NexoException">Validation for a value that is not a combination of the defined modes.</exception>
    public McpElicitationModes ElicitationModes
    {
        get => _elicitationModes;
        set
        {
            if ((value & ~(McpElicitationModes.Form | McpElicitationModes.Url)) != 0)
            {
                throw NexoException.Validation("elicitationModes", $"'{value}' is not a combination of the MCP elicitation modes form and url.");
            }

            _elicitationModes = value;
        }
    }

    /// <summary>How long a request waits for an answer before it is answered <c>cancel</c>.</summary>
    internal TimeSpan ElicitationTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Answers a <see cref="McpElicitationRequestEvent"/>. An accepted form answer is checked against the requested schema
    /// first: when it does not fit, nothing is sent, the request keeps waiting, and the error names the field.
    /// </summary>
    /// <param name="response">The answer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">
    /// NotFound when no request with that id waits (it was answered, timed out, or its tool call ended); Validation when the
    /// content does not fit the requested schema (field <c>content.NAME</c>), or is given with decline, cancel or a URL-mode accept.
    /// </exception>
    public Task RespondToElicitationAsync(McpElicitationResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        Validate.Id(response.RequestId, "requestId");
        if (!_elicitations.TryGetValue(response.RequestId, out var pending))
        {
            throw ElicitationNotFound(response.RequestId);
        }

        var hasContent = response.Content is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) };
        ElicitResult result;
        if (response.Action == McpElicitationAction.Accept && pending.Mode == McpElicitationMode.Form)
        {
            result = new ElicitResult { Action = "accept", Content = McpElicitationSchema.Check(pending.Request.RequestedSchema, response.Content) };
        }
        else if (hasContent)
        {
            var why = response.Action == McpElicitationAction.Accept ? "a URL-mode request is accepted without content" : $"'{Wire(response.Action)}' carries no content";
            throw NexoException.Validation("content", $"Leave the content out: {why}.");
        }
        else
        {
            result = new ElicitResult { Action = Wire(response.Action) };
        }

        if (!pending.Answer.TrySetResult(result))
        {
            throw ElicitationNotFound(response.RequestId);
        }

        if (response.Note is { Length: > 0 } note)
        {
            pending.Call?.AddNote(note);
        }

        return Task.CompletedTask;
    }

    /// <summary>The capability to advertise to the servers connected now (none when no face can answer).</summary>
    private ElicitationCapability? ElicitationCapability()
    {
        var modes = ElicitationModes;
        return modes == McpElicitationModes.None
            ? null
            : new ElicitationCapability
            {
                Form = modes.HasFlag(McpElicitationModes.Form) ? new FormElicitationCapability() : null,
                Url = modes.HasFlag(McpElicitationModes.Url) ? new UrlElicitationCapability() : null,
            };
    }

    /// <summary>The part of a connection's fingerprint that changes when the advertised capability does.</summary>
    private string ElicitationFingerprint() => "|elicitation=" + (int)ElicitationModes;

    /// <summary>The client's handler of <c>elicitation/create</c>, or none when no face can answer (the SDK then advertises nothing).</summary>
    private Func<ElicitRequestParams?, CancellationToken, ValueTask<ElicitResult>>? ElicitationHandler(McpLiveClient live, string serverName) =>
        ElicitationModes == McpElicitationModes.None ? null : (request, ct) => ElicitAsync(live, serverName, request, ct);

    private async ValueTask<ElicitResult> ElicitAsync(McpLiveClient live, string serverName, ElicitRequestParams? request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ModelContextProtocol.McpProtocolException("elicitation/create needs params.", ModelContextProtocol.McpErrorCode.InvalidParams);
        }

        var mode = request.Mode == "url" ? McpElicitationMode.Url : McpElicitationMode.Form;
        var (call, chatId, messageId, token) = Attribute(live.ActiveCalls);
        var wanted = mode == McpElicitationMode.Url ? McpElicitationModes.Url : McpElicitationModes.Form;
        if (!ElicitationModes.HasFlag(wanted) || (mode == McpElicitationMode.Url && string.IsNullOrWhiteSpace(request.Url)))
        {
            var reason = ElicitationModes.HasFlag(wanted) ? "it gave no URL" : $"no face of this application can answer {Wire(mode)}-mode requests";
            ElicitationLog.Declined(_logger, serverName, reason);
            call?.AddNote($"[Nexo declined the MCP server '{serverName}''s request for input, because {reason}: {request.Message}]");
            return new ElicitResult { Action = "decline" };
        }

        var id = Ids.New();
        var pending = new PendingElicitation(request, mode, call);
        _elicitations[id] = pending;
        try
        {
            JsonElement? schema = mode == McpElicitationMode.Form && request.RequestedSchema is { } requested
                ? JsonSerializer.SerializeToElement(requested, ModelContextProtocol.McpJsonUtilities.DefaultOptions.GetTypeInfo(requested.GetType()))
                : null;
            _events.Publish(new McpElicitationRequestEvent
            {
                RequestId = id,
                ServerId = live.ServerId,
                ServerName = serverName,
                ChatId = chatId,
                MessageId = messageId,
                ToolCallId = call?.ToolCallId,
                Mode = mode,
                Message = request.Message,
                RequestedSchema = schema,
                Url = mode == McpElicitationMode.Url ? request.Url : null,
                ElicitationId = request.ElicitationId,
            });
            ElicitationLog.Asked(_logger, serverName, id, Wire(mode));

            // The call's cancellation ends the request at once, so no answer is taken after the call was cancelled.
            using var onCallCancelled = token.Register(() => pending.Answer.TrySetCanceled());
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, token, _disposing.Token);
            linked.CancelAfter(ElicitationTimeout);
            try
            {
                var answer = await pending.Answer.Task.WaitAsync(linked.Token).ConfigureAwait(false);
                ElicitationLog.Answered(_logger, serverName, id, answer.Action);
                return answer;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The tool call was cancelled, Nexo is shutting down, or nobody answered in time: the user did not choose.
                pending.Answer.TrySetCanceled();
                var timedOut = !token.IsCancellationRequested && !_disposing.IsCancellationRequested;
                if (timedOut)
                {
                    ElicitationLog.TimedOut(_logger, serverName, id, ElicitationTimeout.TotalSeconds);
                    call?.AddNote($"[Nexo answered the MCP server '{serverName}''s request for input with 'cancel': nobody answered within {ElicitationTimeout.TotalSeconds:0.###} s.]");
                }

                return new ElicitResult { Action = "cancel" };
            }
        }
        finally
        {
            pending.Answer.TrySetCanceled();
            _elicitations.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// Which running call a request belongs to: the only call on the connection, else the turn that all of them belong to
    /// (no single call then), else none. Its cancellation ends the request.
    /// </summary>
    private static (McpActiveCall? Call, string? ChatId, string? MessageId, CancellationToken Token) Attribute(IReadOnlyList<McpActiveCall> calls)
    {
        if (calls.Count == 1)
        {
            return (calls[0], calls[0].ChatId, calls[0].MessageId, calls[0].CancellationToken);
        }

        if (calls.Count > 1 && calls[0].ChatId is { } chatId
            && calls.All(c => c.ChatId == chatId && c.MessageId == calls[0].MessageId && c.CancellationToken == calls[0].CancellationToken))
        {
            return (null, chatId, calls[0].MessageId, calls[0].CancellationToken);
        }

        return (null, null, null, CancellationToken.None);
    }

    /// <summary>The result with the notes Nexo added during the call (after the server's own text).</summary>
    private static McpToolResult WithElicitationNotes(McpToolResult result, McpActiveCall call) =>
        call.Notes is { Count: > 0 } notes
            ? result with { Text = string.Join("\n", new[] { result.Text }.Where(t => t.Length > 0).Concat(notes)) }
            : result;

    private static NexoException ElicitationNotFound(string requestId) =>
        new(NexoErrorKind.NotFound, $"No MCP elicitation request '{requestId}' is waiting: it was answered, timed out, or its tool call ended.")
        {
            Details = new Dictionary<string, object?> { ["entity"] = "MCP elicitation request", ["id"] = requestId },
        };

    private static string Wire(McpElicitationAction action) => action switch
    {
        McpElicitationAction.Accept => "accept",
        McpElicitationAction.Decline => "decline",
        _ => "cancel",
    };

    private static string Wire(McpElicitationMode mode) => mode == McpElicitationMode.Url ? "url" : "form";

    private sealed class PendingElicitation(ElicitRequestParams request, McpElicitationMode mode, McpActiveCall? call)
    {
        public McpActiveCall? Call { get; } = call;

        public ElicitRequestParams Request { get; } = request;

        public McpElicitationMode Mode { get; } = mode;

        public TaskCompletionSource<ElicitResult> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static partial class ElicitationLog
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "The MCP server '{Server}' asks the user for input ({Mode} mode, request {RequestId})")]
        public static partial void Asked(ILogger logger, string server, string requestId, string mode);

        [LoggerMessage(Level = LogLevel.Information, Message = "The MCP server '{Server}''s request for input {RequestId} was answered '{Action}'")]
        public static partial void Answered(ILogger logger, string server, string requestId, string action);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The MCP server '{Server}''s request for input {RequestId} was not answered within {Seconds} s; it is answered 'cancel'")]
        public static partial void TimedOut(ILogger logger, string server, string requestId, double seconds);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The MCP server '{Server}' asked the user for input; Nexo declined because {Reason}")]
        public static partial void Declined(ILogger logger, string server, string reason);
    }
}
