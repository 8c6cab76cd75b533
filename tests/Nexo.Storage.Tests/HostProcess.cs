using Nexo.Storage.PostgreSql;

namespace Nexo.Storage.Tests;

/// <summary>
/// The entry point of this test assembly (<c>GenerateProgramFile</c> is off): run as
/// <c>dotnet Nexo.Storage.Tests.dll host CONNECTION CHAT MESSAGE</c> it is a second Nexo instance in a process of its own
/// for <see cref="PostgresProcessTests"/>: it claims the chat (lease 1 s), streams chunk events of the message through
/// its event relay every 10 ms until a cancel request reaches it, then keeps its claim (and renews it)
/// until it is killed. It reports on stdout: <c>claimed HOLDER</c>, then <c>cancelled CHUNKS</c>.
/// </summary>
internal static class HostProcess
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["host", var connectionString, var chatId, var messageId])
        {
            return 0;
        }

        using var store = new PostgresStore(connectionString) { LeaseDuration = TimeSpan.FromSeconds(1) };
        var stream = new NexoEventStream();
        using var relay = store.EventRelay!.Attach(stream);
        await store.Relay.ListeningAsync(CancellationToken.None);
        using var claims = store.CreateTurnClaims(TimeProvider.System);
        if (await claims.TryClaimAsync(chatId, CancellationToken.None) is { } holder)
        {
            Console.WriteLine("conflict " + holder);
            return 2;
        }

        Console.WriteLine("claimed " + store.Holder);
        using var turnEnded = new CancellationTokenSource();
        var cancelled = claims.WaitForCancelRequestAsync(chatId, turnEnded.Token);
        var chunks = 0;
        while (!cancelled.IsCompleted)
        {
            stream.Publish(new MessageChunkEvent { ChatId = chatId, MessageId = messageId, Chunk = $"c{chunks} " });
            chunks++;
            await Task.WhenAny(cancelled, Task.Delay(10));
        }

        Console.WriteLine($"cancelled {chunks}");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
