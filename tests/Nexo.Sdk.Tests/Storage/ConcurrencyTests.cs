using Dapper;

namespace Nexo.Sdk.Tests.Storage;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task TwoClientsInsertingIntoOneChatInParallel_AllLandWithUniqueSequences()
    {
        await using var db = new TempDatabase();
        await using var a = await db.OpenAsync();
        await using var b = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(a);
        const int perClient = 500;

        async Task<List<Message>> Write(NexoClient client, string who)
        {
            await Task.Yield();
            var stored = new List<Message>(perClient);
            for (var i = 0; i < perClient; i++)
            {
                stored.Add(await client.Messages.CreateAsync(new NewMessage { Id = $"{who}-{i}", ChatId = chat.Id, Role = MessageRole.User, Content = $"{who} {i}" }));
            }

            return stored;
        }

        var results = await Task.WhenAll(Task.Run(() => Write(a, "a")), Task.Run(() => Write(b, "b")));

        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(2 * perClient, await a.MessageRepository.CountAsync(chat.Id));
        Assert.Equal(Enumerable.Range(1, 2 * perClient).Select(i => (long)i), all.Select(m => m.Sequence).Order());
        foreach (var result in results)
        {
            Assert.Equal(result.Select(m => m.Sequence).Order(), result.Select(m => m.Sequence));
        }

        var listed = await b.Messages.ListAsync(chat.Id, new MessageQuery { Limit = 10_000 });
        Assert.Equal(all.Select(m => m.Id).Order(), listed.Select(m => m.Id).Order());
        await using var raw = db.OpenRaw();
        Assert.Equal(2 * perClient, raw.ExecuteScalar<long>("SELECT last_seq FROM chats WHERE id = @id", new { id = chat.Id }));
    }

    [Fact]
    public async Task TwoClientsCreatingTheDefaultWorkspaceAtOnce_GetTheSameWorkspace()
    {
        await using var db = new TempDatabase();
        await using var a = await db.OpenAsync();
        await using var b = await db.OpenAsync();

        var results = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).Workspaces.GetOrCreateDefaultAsync())));

        Assert.Single(results.Select(w => w.Id).Distinct());
        Assert.Single(await a.Workspaces.ListAsync());
    }

    [Fact]
    public async Task AWriterInOneClient_IsSeenByAReaderInAnother()
    {
        await using var db = new TempDatabase();
        await using var writer = await db.OpenAsync();
        await using var reader = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(writer);

        await writer.MessageRepository.CreateManyAsync(Seed.Messages(chat.Id, 25));

        Assert.Equal(25, (await reader.Messages.ListAsync(chat.Id)).Count);
        Assert.Equal(chat, await reader.Chats.GetAsync(chat.Id));
    }
}
