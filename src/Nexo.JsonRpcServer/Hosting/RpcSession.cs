namespace Nexo.JsonRpcServer.Hosting;

/// <summary>The LSP-style life cycle of one connection: initialize → initialized → shutdown → exit.</summary>
internal sealed class RpcSession
{
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _initializeSeen;

    /// <summary>Whether an <c>initialize</c> request has been accepted.</summary>
    public bool InitializeSeen => Volatile.Read(ref _initializeSeen) == 1;

    /// <summary>Whether <c>shutdown</c> has been requested.</summary>
    public bool ShutdownRequested { get; private set; }

    /// <summary>Completes with the process exit code when <c>exit</c> arrives.</summary>
    public Task<int> ExitRequested => _exit.Task;

    /// <summary>Accepts the first <c>initialize</c>; <see langword="false"/> for a second one.</summary>
    public bool TryBeginInitialize() => Interlocked.Exchange(ref _initializeSeen, 1) == 0;

    /// <summary>Marks the session as shutting down: later requests are refused.</summary>
    public void RequestShutdown() => ShutdownRequested = true;

    /// <summary>Ends the session: exit code 0 after <c>shutdown</c>, 1 otherwise (as in LSP).</summary>
    public void RequestExit() => _exit.TrySetResult(ShutdownRequested ? 0 : 1);
}
