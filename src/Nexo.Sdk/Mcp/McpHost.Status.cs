namespace Nexo;

/// <content>The status of a server: its connections together, stored and published in order.</content>
public sealed partial class McpHost
{
    /// <summary>
    /// This host's status of a server while it holds or tries to hold a connection (in any scope: <c>connected</c> while
    /// any is, else <c>connecting</c>, else <c>error</c>); <see langword="null"/> otherwise.
    /// </summary>
    internal (McpServerStatus Status, string? Error)? LocalStatus(string serverId)
    {
        var connections = ConnectionsOf(serverId);
        foreach (var wanted in new[] { McpServerStatus.Connected, McpServerStatus.Connecting, McpServerStatus.Error })
        {
            if (connections.FirstOrDefault(c => c.Status == wanted) is { } connection)
            {
                return (connection.Status, connection.LastError);
            }
        }

        return null;
    }

    private (McpServerStatus Status, string? Error) ServerStatus(string serverId) => LocalStatus(serverId) ?? (McpServerStatus.Disconnected, null);

    /// <summary>The connections of a server in every scope.</summary>
    private List<McpConnection> ConnectionsOf(string serverId) =>
        _connections.Values.Where(c => string.Equals(c.ServerId, serverId, StringComparison.Ordinal)).ToList();

    /// <summary>Stores and publishes a status; changes of one server are stored and published in the order they happen.</summary>
    private async Task SetStatusAsync(
        McpConnection connection,
        string name,
        McpServerStatus status,
        string? error,
        IReadOnlyList<McpToolInfo>? tools,
        bool publishAlways = false)
    {
        // The server's status is that of its connections together (one per root folder), so it is computed, stored and
        // published under one lock per server: events come out in the order of the changes.
        var gate = _statusGates.GetOrAdd(connection.ServerId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var before = ServerStatus(connection.ServerId);
            connection.Status = status;

            // Stored in last_error and published: never with the server's secrets in it (its error output may echo them).
            connection.LastError = connection.Redactor.Redact(error);
            var after = ServerStatus(connection.ServerId);
            try
            {
                await _serverRepository.UpdateStatusAsync(connection.ServerId, after.Status, after.Error, tools, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A status that cannot be stored (server deleted, database closing) is still published.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                McpLog.StatusNotStored(_logger, connection.ServerId, ex.Message);
            }

            if (before != after || publishAlways)
            {
                _events.Publish(new McpServerStatusChangedEvent { ServerId = connection.ServerId, Name = name, Status = after.Status, Error = after.Error });
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private static bool SameTools(IReadOnlyList<McpToolInfo> a, IReadOnlyList<McpToolInfo> b) =>
        a.Count == b.Count && a.Zip(b).All(p =>
            p.First.Name == p.Second.Name
            && p.First.Title == p.Second.Title
            && p.First.Description == p.Second.Description
            && p.First.InputSchema?.GetRawText() == p.Second.InputSchema?.GetRawText()
            && p.First.OutputSchema?.GetRawText() == p.Second.OutputSchema?.GetRawText()
            && p.First.ReadOnlyHint == p.Second.ReadOnlyHint);
}
