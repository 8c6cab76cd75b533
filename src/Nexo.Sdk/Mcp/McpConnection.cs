namespace Nexo;

/// <summary>
/// The host's state for one MCP server connection id: its live client (at most one), its status, and the locks that keep
/// connects and status changes in order.
/// </summary>
internal sealed class McpConnection(string serverId)
{
    private McpLiveClient? _live;

    public string ServerId { get; } = serverId;

    /// <summary>Held while a client is being connected or closed, so there is never more than one per server.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Held while a status is persisted and published, so events come out in the order of the changes.</summary>
    public SemaphoreSlim StatusGate { get; } = new(1, 1);

    public McpServerStatus Status { get; set; } = McpServerStatus.Disconnected;

    public string? LastError { get; set; }

    /// <summary>The last name the server was seen with, for events about a server that was deleted meanwhile.</summary>
    public string? Name { get; set; }

    public McpLiveClient? Live => Volatile.Read(ref _live);

    public void SetLive(McpLiveClient live) => Volatile.Write(ref _live, live);

    /// <summary>Forgets <paramref name="live"/> if it is still the current client.</summary>
    public bool ClearLive(McpLiveClient live) => Interlocked.CompareExchange(ref _live, null, live) == live;
}
