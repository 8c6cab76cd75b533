using Microsoft.Extensions.Logging;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>The MCP servers an ACP client supplies with a session (<c>mcpServers</c>).</summary>
internal static partial class AcpEditorServers
{
    /// <summary>Whether this build can connect client-supplied MCP servers.</summary>
    public const bool Supported = false;

    public static Task AttachAsync(NexoClient nexo, AcpSession session, IReadOnlyList<McpServerSpec> servers, ILogger logger, CancellationToken cancellationToken)
    {
        _ = nexo;
        _ = cancellationToken;
        foreach (var server in servers)
        {
            Log.NotConnected(logger, server.Name, session.Id);
        }

        return Task.CompletedTask;
    }

    public static Task DetachAsync(NexoClient nexo, AcpSession session, ILogger logger)
    {
        _ = nexo;
        _ = session;
        _ = logger;
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server '{Name}' of session {SessionId} is not connected: this build has no MCP host")]
        public static partial void NotConnected(ILogger logger, string name, string sessionId);
    }
}
