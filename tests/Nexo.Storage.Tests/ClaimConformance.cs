namespace Nexo.Storage.Tests;

/// <summary>Turn claims and cancel requests between engines: the same on every store.</summary>
public abstract class ClaimConformance(StoreKind kind) : StoreTest(kind)
{
    [Fact]
    public async Task One_turn_per_chat_the_other_engine_is_told_the_holder_until_it_is_released()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        using var first = Store.CreateTurnClaims(TimeProvider.System);
        using var second = Store.CreateTurnClaims(TimeProvider.System);

        Assert.Null(await first.TryClaimAsync(chat.Id, CancellationToken.None));
        Assert.Null(await first.TryClaimAsync(chat.Id, CancellationToken.None));
        var holder = await second.TryClaimAsync(chat.Id, CancellationToken.None);
        Assert.Equal(first.Owner.Split('|')[0], holder);

        await first.ReleaseAsync(chat.Id);
        Assert.Null(await second.TryClaimAsync(chat.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_claim_whose_engine_is_gone_is_taken_over()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var gone = Store.CreateTurnClaims(TimeProvider.System);
        Assert.Null(await gone.TryClaimAsync(chat.Id, CancellationToken.None));
        gone.Dispose();

        using var next = Store.CreateTurnClaims(TimeProvider.System);
        Assert.Null(await next.TryClaimAsync(chat.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_cancel_request_reaches_the_holder_only_and_a_new_claim_clears_it()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        using var running = Store.CreateTurnClaims(TimeProvider.System);
        using var other = Store.CreateTurnClaims(TimeProvider.System);
        Assert.False(await other.RequestCancelAsync(chat.Id, CancellationToken.None));

        Assert.Null(await running.TryClaimAsync(chat.Id, CancellationToken.None));
        Assert.False(await running.IsCancelRequestedAsync(chat.Id, CancellationToken.None));
        Assert.False(await running.RequestCancelAsync(chat.Id, CancellationToken.None));
        Assert.True(await other.RequestCancelAsync(chat.Id, CancellationToken.None));
        Assert.True(await running.IsCancelRequestedAsync(chat.Id, CancellationToken.None));
        Assert.False(await other.IsCancelRequestedAsync(chat.Id, CancellationToken.None));

        await running.ReleaseAsync(chat.Id);
        Assert.Null(await running.TryClaimAsync(chat.Id, CancellationToken.None));
        Assert.False(await running.IsCancelRequestedAsync(chat.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_chat_claimed_through_one_store_is_refused_through_another_naming_the_holder()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var hostB = OpenAnother();
        try
        {
            using var a = Store.CreateTurnClaims(TimeProvider.System);
            using var b = hostB.CreateTurnClaims(TimeProvider.System);
            Assert.Null(await a.TryClaimAsync(chat.Id, CancellationToken.None));

            var holder = await b.TryClaimAsync(chat.Id, CancellationToken.None);

            Assert.Equal(a.Owner.Split('|')[0], holder);
            Assert.NotEqual(b.Owner, a.Owner);
            await a.ReleaseAsync(chat.Id);
            Assert.Null(await b.TryClaimAsync(chat.Id, CancellationToken.None));
            await b.ReleaseAsync(chat.Id);
        }
        finally
        {
            (hostB as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public async Task A_cancel_requested_through_another_store_ends_the_holders_wait()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        var hostB = OpenAnother();
        try
        {
            using var a = Store.CreateTurnClaims(TimeProvider.System);
            using var b = hostB.CreateTurnClaims(TimeProvider.System);
            Assert.Null(await a.TryClaimAsync(chat.Id, CancellationToken.None));
            using var turnEnded = new CancellationTokenSource();
            var waiting = a.WaitForCancelRequestAsync(chat.Id, turnEnded.Token);
            Assert.False(waiting.IsCompleted);

            Assert.True(await b.RequestCancelAsync(chat.Id, CancellationToken.None));

            await waiting.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(waiting.IsCompletedSuccessfully);
            await a.ReleaseAsync(chat.Id);
        }
        finally
        {
            (hostB as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public async Task Waiting_for_a_cancel_request_ends_cancelled_with_the_turn()
    {
        var chat = await NewChatAsync((await NewWorkspaceAsync()).Id);
        using var a = Store.CreateTurnClaims(TimeProvider.System);
        Assert.Null(await a.TryClaimAsync(chat.Id, CancellationToken.None));
        using var turnEnded = new CancellationTokenSource();
        var waiting = a.WaitForCancelRequestAsync(chat.Id, turnEnded.Token);

        await turnEnded.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        await a.ReleaseAsync(chat.Id);
    }
}

public sealed class SqliteClaimTests() : ClaimConformance(StoreKind.Sqlite);

public sealed class PostgresClaimTests() : ClaimConformance(StoreKind.Postgres);
