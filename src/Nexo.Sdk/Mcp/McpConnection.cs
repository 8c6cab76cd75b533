namespace Nexo;

/// <summary>
/// The host's state for one MCP server connection id in one scope (a workspace root folder, or none): its live client
/// (at most one), its status, and the locks that keep connects and status changes in order.
/// </summary>
internal sealed class McpConnection(string serverId, string? scope)
{
    private McpLiveClient? _live;

    public string ServerId { get; } = serverId;

    /// <summary>The root folder (<c>file://</c> URI) this connection's server is offered as its only MCP root; <see langword="null"/> for none.</summary>
    public string? Scope { get; } = scope;

    /// <summary>The key of a server's connection in a scope.</summary>
    public static string Key(string serverId, string? scope) => scope is null ? serverId : serverId + "\n" + scope;

    /// <summary>Held while a client is being connected or closed, so there is never more than one per server.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public McpServerStatus Status { get; set; } = McpServerStatus.Disconnected;

    public string? LastError { get; set; }

    /// <summary>The last name the server was seen with, for events about a server that was deleted meanwhile.</summary>
    public string? Name { get; set; }

    /// <summary>Removes the server's secrets (env and header values, URL credentials) from its error texts.</summary>
    public Security.SecretRedactor Redactor { get; set; } = Security.SecretRedactor.None;

    public McpLiveClient? Live => Volatile.Read(ref _live);

    public void SetLive(McpLiveClient live) => Volatile.Write(ref _live, live);

    /// <summary>Forgets <paramref name="live"/> if it is still the current client.</summary>
    public bool ClearLive(McpLiveClient live) => Interlocked.CompareExchange(ref _live, null, live) == live;
}
