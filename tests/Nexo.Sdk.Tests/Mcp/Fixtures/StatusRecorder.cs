namespace Nexo.Sdk.Tests.Mcp;

/// <summary>Records the <c>mcp-server-status-changed</c> events of one server (or all) and waits for one.</summary>
internal sealed class StatusRecorder : IDisposable
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(60);

    private readonly List<McpServerStatusChangedEvent> _events = [];
    private readonly List<(Func<McpServerStatusChangedEvent, bool> Predicate, TaskCompletionSource<McpServerStatusChangedEvent> Done)> _waiters = [];
    private readonly IDisposable _subscription;
    private readonly string? _serverId;

    public StatusRecorder(NexoClient nexo, string? serverId = null)
    {
        _serverId = serverId;
        _subscription = nexo.Events.Subscribe(OnEvent);
    }

    public IReadOnlyList<McpServerStatusChangedEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToList();
            }
        }
    }

    public IReadOnlyList<McpServerStatus> Statuses => Events.Select(e => e.Status).ToList();

    /// <summary>Waits for a matching event that was recorded after the call (the timeout only guards against a hang).</summary>
    public Task<McpServerStatusChangedEvent> NextAsync(Func<McpServerStatusChangedEvent, bool> predicate)
    {
        var done = new TaskCompletionSource<McpServerStatusChangedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_events)
        {
            _waiters.Add((predicate, done));
        }

        return done.Task.WaitAsync(s_hangGuard);
    }

    public void Dispose() => _subscription.Dispose();

    private void OnEvent(NexoEvent e)
    {
        if (e is not McpServerStatusChangedEvent status || (_serverId is not null && status.ServerId != _serverId))
        {
            return;
        }

        lock (_events)
        {
            _events.Add(status);
            foreach (var waiter in _waiters.Where(w => w.Predicate(status)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(status);
            }
        }
    }
}
