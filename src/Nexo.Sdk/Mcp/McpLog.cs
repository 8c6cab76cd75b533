using Microsoft.Extensions.Logging;

namespace Nexo;

/// <summary>The log messages of the MCP host. Secrets (environment, headers) are never logged.</summary>
internal static partial class McpLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP server '{Server}' stderr: {Line}")]
    public static partial void ServerStderr(ILogger logger, string server, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server '{Server}' connected in {ElapsedMs} ms ({ToolCount} tools, protocol {Protocol})")]
    public static partial void Connected(ILogger logger, string server, long elapsedMs, int toolCount, string? protocol);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server '{Server}' could not be connected: {Error}")]
    public static partial void ConnectFailed(ILogger logger, string server, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server '{Server}' stopped: {Error}")]
    public static partial void Stopped(ILogger logger, string server, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server '{Server}' changed its tools; {ToolCount} tools now")]
    public static partial void ToolsChanged(ILogger logger, string server, int toolCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server '{Server}': refreshing the tool list failed: {Error}")]
    public static partial void RefreshFailed(ILogger logger, string server, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP server '{Server}': the subscriptions/listen stream ended: {Error}")]
    public static partial void ListenEnded(ILogger logger, string server, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server '{ServerId}': storing its status failed: {Error}")]
    public static partial void StatusNotStored(ILogger logger, string serverId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace '{WorkspaceId}' enables tools of MCP server '{Server}', which is skipped: {Reason}")]
    public static partial void ServerSkipped(ILogger logger, string workspaceId, string server, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP tool call {Server}/{Tool} finished in {ElapsedMs} ms (error: {IsError})")]
    public static partial void ToolCalled(ILogger logger, string server, string tool, long elapsedMs, bool isError);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing MCP server '{Server}' failed: {Error}")]
    public static partial void CloseFailed(ILogger logger, string server, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server '{Server}': subscribing again to the resource '{Uri}' failed: {Error}")]
    public static partial void ResubscribeFailed(ILogger logger, string server, string uri, string error);
    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server '{Server}' needs OAuth authorization: waiting for the redirect to {RedirectUri}")]
    public static partial void AuthorizationRequired(ILogger logger, string server, Uri redirectUri);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server '{Server}' is authorized (OAuth tokens stored encrypted)")]
    public static partial void Authorized(ILogger logger, string server);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server '{Server}': OAuth authorization failed: {Error}")]
    public static partial void AuthorizationFailed(ILogger logger, string server, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server '{Server}' refused its stored OAuth tokens; they were deleted and the next use asks for authorization")]
    public static partial void TokensRejected(ILogger logger, string server);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server '{Server}': the host's authorization-required handler failed: {Error}")]
    public static partial void AuthorizationHandlerFailed(ILogger logger, string server, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server '{Server}': logged out (tokens deleted; revoked at the authorization server: {Revoked})")]
    public static partial void LoggedOut(ILogger logger, string server, bool revoked);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server '{Server}': revoking the OAuth tokens failed: {Error}")]
    public static partial void RevokeFailed(ILogger logger, string server, string error);
}
