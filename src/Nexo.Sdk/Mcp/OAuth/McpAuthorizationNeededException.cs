namespace Nexo;

/// <summary>
/// Thrown inside a server's connection when the server refused its stored OAuth tokens and they could not be refreshed:
/// the tokens are deleted, and the host runs the authorization (or reports it needed) before connecting again.
/// </summary>
internal sealed class McpAuthorizationNeededException(string serverName)
    : Exception($"The MCP server '{serverName}' refused the stored OAuth tokens and they could not be refreshed: it needs authorization again.");
