namespace Nexo.Chats;

/// <summary>The cancellation state of a running turn: the caller's token, <see cref="ChatService.CancelAsync"/>, and shutdown.</summary>
internal sealed class ActiveTurn : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _caller;

    public ActiveTurn(CancellationToken caller, CancellationToken shutdown)
    {
        _caller = caller;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(caller, shutdown);
    }

    public CancellationToken Token => _cts.Token;

    public void CancelByUser()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>A turn cancelled through the caller's own token ends with <see cref="OperationCanceledException"/>.</summary>
    public void ThrowIfCallerCancelled() => _caller.ThrowIfCancellationRequested();

    public void Dispose() => _cts.Dispose();
}
