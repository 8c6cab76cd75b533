using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// Forwards an MCP server's question (<see cref="McpElicitationRequestEvent"/>) to the ACP client as
/// <c>elicitation/create</c> (session-scoped, with the waiting tool call's id), and its answer back to the server. Nexo
/// advertises elicitation to MCP servers only in the modes the client advertised (<c>clientCapabilities.elicitation</c>);
/// a question that belongs to no open session of this connection is declined, logged, and said in the tool's result.
/// A client answer that does not fit the requested schema is not sent: the client is asked again with the problem in the
/// message (three times at most, then the server gets <c>cancel</c>).
/// </summary>
internal static partial class AcpElicitation
{
    private const int MaxAttempts = 3;

    public static async Task ForwardAsync(AcpAgent agent, McpElicitationRequestEvent request, AcpSession? session, ILogger logger)
    {
        var supported = request.Mode == McpElicitationMode.Url ? agent.ClientCapabilities.ElicitationUrl : agent.ClientCapabilities.ElicitationForm;
        if (session is null || !supported)
        {
            var why = session is null
                ? "it does not belong to a prompt turn of an open ACP session"
                : $"the ACP client does not support {(request.Mode == McpElicitationMode.Url ? "url" : "form")}-mode elicitation";
            Log.Declined(logger, request.ServerName, why);
            await RespondAsync(agent, request, McpElicitationAction.Decline, null, logger, $"[Nexo declined the MCP server '{request.ServerName}''s request for input, because {why}: {request.Message}]").ConfigureAwait(false);
            return;
        }

        var token = session.CurrentTurn?.RequestsToken ?? CancellationToken.None;
        string? problem = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            JsonObject? response;
            try
            {
                response = await agent.Rpc.InvokeWithParameterObjectAsync<JsonObject?>("elicitation/create", Request(request, session.Id, problem), token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The turn was cancelled: its tool call (and with it the request) is being cancelled too.
                await RespondAsync(agent, request, McpElicitationAction.Cancel, null, logger).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is RemoteInvocationException or ConnectionLostException or ObjectDisposedException)
            {
                Log.Failed(logger, session.Id, ex.Message);
                await RespondAsync(agent, request, McpElicitationAction.Cancel, null, logger).ConfigureAwait(false);
                return;
            }

            var action = (response?["action"] as JsonValue)?.TryGetValue<string>(out var a) == true ? a : null;
            var chosen = action switch
            {
                "accept" => McpElicitationAction.Accept,
                "decline" => McpElicitationAction.Decline,
                _ => McpElicitationAction.Cancel,
            };
            if (action is not ("accept" or "decline" or "cancel"))
            {
                Log.UnknownAction(logger, session.Id, action ?? "(none)");
            }

            JsonElement? content = chosen == McpElicitationAction.Accept && response?["content"] is JsonObject body ? JsonSerializer.SerializeToElement(body) : null;
            try
            {
                await agent.Nexo.Mcp.RespondToElicitationAsync(new McpElicitationResponse { RequestId = request.RequestId, Action = chosen, Content = content }).ConfigureAwait(false);
                return;
            }
            catch (NexoException ex) when (ex.Kind == NexoErrorKind.Validation)
            {
                Log.Invalid(logger, session.Id, ex.Message);
                problem = ex.Message;
            }
            catch (NexoException ex) when (ex.Kind == NexoErrorKind.NotFound)
            {
                Log.Gone(logger, session.Id, ex.Message);
                return;
            }
        }

        await RespondAsync(agent, request, McpElicitationAction.Cancel, null, logger,
            $"[Nexo answered the MCP server '{request.ServerName}''s request for input with 'cancel': the ACP client's answers did not fit the requested form ({problem})]").ConfigureAwait(false);
    }

    /// <summary>The <c>elicitation/create</c> params: session-scoped, tied to the tool call when it is known.</summary>
    internal static JsonObject Request(McpElicitationRequestEvent request, string sessionId, string? problem)
    {
        var body = new JsonObject
        {
            ["sessionId"] = sessionId,
            ["mode"] = request.Mode == McpElicitationMode.Url ? "url" : "form",
            ["message"] = problem is null ? request.Message : $"{problem}\n\n{request.Message}",
        };
        if (request.ToolCallId is { } callId)
        {
            body["toolCallId"] = callId;
        }

        if (request.Mode == McpElicitationMode.Url)
        {
            body["elicitationId"] = request.ElicitationId ?? request.RequestId;
            body["url"] = request.Url;
        }
        else
        {
            body["requestedSchema"] = request.RequestedSchema is { } schema ? JsonNode.Parse(schema.GetRawText()) : new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };
        }

        body["_meta"] = new JsonObject { ["nexo"] = new JsonObject { ["serverId"] = request.ServerId, ["serverName"] = request.ServerName } };
        return body;
    }

    private static async Task RespondAsync(AcpAgent agent, McpElicitationRequestEvent request, McpElicitationAction action, JsonElement? content, ILogger logger, string? note = null)
    {
        try
        {
            await agent.Nexo.Mcp.RespondToElicitationAsync(new McpElicitationResponse { RequestId = request.RequestId, Action = action, Content = content, Note = note }).ConfigureAwait(false);
        }
        catch (NexoException ex)
        {
            Log.Gone(logger, request.ChatId ?? "(none)", ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "The MCP server '{Server}' asked the user for input; Nexo declined because {Reason}")]
        public static partial void Declined(ILogger logger, string server, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "elicitation/create of session {SessionId} failed; the MCP server gets cancel: {Error}")]
        public static partial void Failed(ILogger logger, string sessionId, string error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The client of session {SessionId} answered elicitation/create with an unknown action '{Action}'; the MCP server gets cancel")]
        public static partial void UnknownAction(ILogger logger, string sessionId, string action);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The client of session {SessionId} answered elicitation/create with content that does not fit the form; it is asked again: {Error}")]
        public static partial void Invalid(ILogger logger, string sessionId, string error);

        [LoggerMessage(Level = LogLevel.Debug, Message = "The elicitation answer of session {SessionId} was not delivered: {Error}")]
        public static partial void Gone(ILogger logger, string sessionId, string error);
    }
}
