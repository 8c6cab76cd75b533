namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// A session the client has open on this connection: a Nexo chat (the session id is the chat id) in the workspace
/// whose root folder is the session's <c>cwd</c>. At most one turn runs at a time.
/// </summary>
internal sealed class AcpSession(string chatId, string workspaceId, string cwd, string title)
{
    private readonly Lock _gate = new();
    private TurnState? _turn;
    private string? _commands;

    public string Id { get; } = chatId;

    public string WorkspaceId { get; } = workspaceId;

    public string Cwd { get; } = cwd;

    /// <summary>The last title told to the client (a change is announced with <c>session_info_update</c>).</summary>
    public string Title { get; set; } = title;

    /// <summary>
    /// Records the slash commands about to be announced (by their <see cref="AcpSlashCommands.Signature"/>);
    /// <see langword="false"/> when the client already has this list (before any announcement: none).
    /// </summary>
    public bool ChangeCommands(string signature)
    {
        lock (_gate)
        {
            if (signature == (_commands ?? AcpSlashCommands.EmptySignature))
            {
                return false;
            }

            _commands = signature;
            return true;
        }
    }

    /// <summary>The MCP server connections created for servers this session's client supplied.</summary>
    public IReadOnlyList<string> EditorServerIds { get; set; } = [];

    /// <summary>
    /// Holds a <c>session_info_update</c> back while a turn's updates are still going out (so it follows them);
    /// <see langword="false"/> when it can be sent now.
    /// </summary>
    public bool TryDeferInfo(SessionInfoUpdate update)
    {
        lock (_gate)
        {
            if (_turn is null || _turn.Flushed)
            {
                return false;
            }

            _turn.DeferredInfo = update;
            return true;
        }
    }

    /// <summary>Ends deferral for a turn whose updates are all sent; returns the update held back, if any.</summary>
    public SessionInfoUpdate? TakeDeferredInfo(TurnState turn)
    {
        lock (_gate)
        {
            turn.Flushed = true;
            var info = turn.DeferredInfo;
            turn.DeferredInfo = null;
            return info;
        }
    }

    /// <summary>Starts a turn; <see langword="null"/> when one is already running.</summary>
    public TurnState? TryBeginTurn()
    {
        lock (_gate)
        {
            if (_turn is not null)
            {
                return null;
            }

            _turn = new TurnState();
            return _turn;
        }
    }

    public void EndTurn(TurnState turn)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_turn, turn))
            {
                _turn = null;
            }
        }

        turn.Dispose();
    }

    /// <summary>The running turn, if any.</summary>
    public TurnState? CurrentTurn
    {
        get
        {
            lock (_gate)
            {
                return _turn;
            }
        }
    }

    /// <summary>The cancellation state of one running turn.</summary>
    public sealed class TurnState : IDisposable
    {
        private readonly CancellationTokenSource _start = new();
        private readonly CancellationTokenSource _requests = new();
        private int _cancelled;

        /// <summary>Passed to the SDK: cancelled only when the turn was cancelled before the engine registered it.</summary>
        public CancellationToken StartToken => _start.Token;

        /// <summary>Cancels the requests this turn sends to the client (permission requests).</summary>
        public CancellationToken RequestsToken => _requests.Token;

        public bool IsCancelled => Volatile.Read(ref _cancelled) != 0;

        /// <summary>What the turn knows about its tool calls (shared with the client-backed file access and terminals).</summary>
        public AcpTurnCalls Calls { get; } = new();

        /// <summary>Set once the turn's updates are all sent.</summary>
        public bool Flushed { get; set; }

        /// <summary>A title change held back until the turn's updates are sent.</summary>
        public SessionInfoUpdate? DeferredInfo { get; set; }

        /// <summary>Marks the turn cancelled and stops its client requests; <paramref name="engineKnew"/> tells whether the SDK cancelled it.</summary>
        public void Cancel(bool engineKnew)
        {
            Interlocked.Exchange(ref _cancelled, 1);
            TryCancel(_requests);
            if (!engineKnew)
            {
                TryCancel(_start);
            }
        }

        public void Dispose()
        {
            _start.Dispose();
            _requests.Dispose();
        }

        private static void TryCancel(CancellationTokenSource cts)
        {
            try
            {
                cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
