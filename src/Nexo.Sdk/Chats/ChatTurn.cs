namespace Nexo;

/// <summary>
/// A running turn (a message sent, edited and resent, or regenerated): its own events, in order, and its completion.
/// Unlike <see cref="NexoClient.Events"/>, which carries every turn of the process, <see cref="Events"/> carries only
/// this turn's, so a host can follow one turn without filtering. Start one with
/// <see cref="ChatService.StartTurn(SendMessageRequest, CancellationToken)"/>.
/// </summary>
/// <example>
/// <code>
/// await using var turn = nexo.Chats.StartTurn(new SendMessageRequest { ChatId = chat.Id, Content = "Hello" });
/// await foreach (var e in turn.Events)
/// {
///     if (e is MessageChunkEvent chunk) Console.Write(chunk.Chunk);
/// }
/// var result = await turn.Completion;
/// </code>
/// </example>
public sealed class ChatTurn : IAsyncDisposable
{
    private readonly Events.CoalescingEventQueue<ChatEvent> _events = new();
    private readonly CancellationTokenSource _cancel;
    private readonly Func<Task> _cancelTurn;

    internal ChatTurn(Func<Action<ChatEvent>, CancellationToken, Task<SendMessageResult>> run, Func<Task> cancelTurn, CancellationToken cancellationToken)
    {
        _cancelTurn = cancelTurn;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Completion = Task.Run(
            async () =>
            {
                try
                {
                    return await run(e => _events.Write(e), _cancel.Token).ConfigureAwait(false);
                }
                finally
                {
                    _events.Complete();
                }
            },
            CancellationToken.None);
    }

    /// <summary>
    /// The turn's events as they happen, ending when the turn ends (also when it fails: the failure is in
    /// <see cref="Completion"/>). One reader only. The turn never waits for the reader; a reader that stalls (takes
    /// nothing for a quarter of a second while hundreds of events wait) receives the chunks that arrived meanwhile
    /// joined into fewer <see cref="MessageChunkEvent"/>s and <see cref="ThinkingChunkEvent"/>s, so memory stays
    /// bounded and no text is lost.
    /// </summary>
    public IAsyncEnumerable<ChatEvent> Events => _events.ReadAllAsync();

    /// <summary>
    /// The turn's result once its final state is stored: <see cref="SendMessageResult.StopReason"/> is
    /// <see cref="StopReason.Cancelled"/> after <see cref="CancelAsync"/>. Faults with the turn's <see cref="NexoException"/>
    /// (a request error before anything was stored, or the model's error after the partial answer was stored), or with
    /// <see cref="OperationCanceledException"/> when the token given at the start was cancelled.
    /// </summary>
    public Task<SendMessageResult> Completion { get; }

    /// <summary>
    /// Cancels the turn like <see cref="ChatService.CancelAsync"/>; what arrived is kept and <see cref="Completion"/> ends
    /// with <see cref="StopReason.Cancelled"/>.
    /// </summary>
    /// <returns>A task that completes when the cancellation was requested.</returns>
    public Task CancelAsync() => Completion.IsCompleted ? Task.CompletedTask : _cancelTurn();

    /// <summary>Cancels the turn when it still runs and waits until its final state is stored; never throws.</summary>
    /// <returns>A task that completes when the turn has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!Completion.IsCompleted)
        {
            await _cancel.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await Completion.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The caller disposing a turn does not want its failure again; Completion still has it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        _cancel.Dispose();
    }
}
