namespace Nexo.Cli;

/// <summary>
/// Ctrl+C handling. By default the first Ctrl+C cancels the running command (which then exits with 130) and a second
/// one ends the process at once. The interactive chat session pushes its own handler so that Ctrl+C cancels only the
/// answer being streamed.
/// </summary>
public sealed class Interrupts : IDisposable
{
    private readonly CancellationTokenSource _command = new();
    private readonly Lock _gate = new();
    private readonly Stack<Func<bool>> _handlers = new();
    private bool _hooked;

    /// <summary>Cancelled by the first Ctrl+C when no handler takes it.</summary>
    public CancellationToken CommandToken => _command.Token;

    /// <summary>Starts listening to Ctrl+C (SIGINT).</summary>
    public void Hook()
    {
        if (!_hooked)
        {
            Console.CancelKeyPress += OnCancelKeyPress;
            _hooked = true;
        }
    }

    /// <summary>
    /// Routes Ctrl+C to <paramref name="handler"/> until the result is disposed. The handler returns
    /// <see langword="true"/> when it dealt with the interrupt, <see langword="false"/> to fall back to cancelling the command.
    /// </summary>
    /// <param name="handler">The handler; called on a thread-pool thread.</param>
    public IDisposable Push(Func<bool> handler)
    {
        lock (_gate)
        {
            _handlers.Push(handler);
        }

        return new Popper(this, handler);
    }

    /// <summary>Cancels the command as a Ctrl+C would.</summary>
    public void CancelCommand()
    {
        try
        {
            _command.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_hooked)
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
            _hooked = false;
        }

        _command.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        Func<bool>? handler;
        lock (_gate)
        {
            _handlers.TryPeek(out handler);
        }

        if (handler is not null && handler())
        {
            return;
        }

        if (_command.IsCancellationRequested)
        {
            // A second Ctrl+C while the command is still winding down: leave now.
            Environment.Exit(ExitCodes.Cancelled);
        }

        CancelCommand();
    }

    private void Pop(Func<bool> handler)
    {
        lock (_gate)
        {
            if (_handlers.TryPeek(out var top) && top == handler)
            {
                _handlers.Pop();
            }
        }
    }

    private sealed class Popper(Interrupts owner, Func<bool> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Pop(handler);
            }
        }
    }
}
