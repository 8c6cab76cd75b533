using System.Text.Json;

namespace Nexo.Sdk.Tests.Context;

/// <summary>What a turn reads of a long branch: only from the last message its latest summary covers.</summary>
public sealed class BranchSinceSummaryTests
{
    private static Message Summary(string chatId, string id, string parentId, string through) => new()
    {
        Id = id,
        ChatId = chatId,
        ParentId = parentId,
        Role = MessageRole.System,
        Content = $"summary through {through}",
        Metadata = JsonSerializer.SerializeToElement(new { summary = new { throughMessageId = through, messages = 1 } }),
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static Message After(string chatId, string id, string parentId) => new()
    {
        Id = id,
        ChatId = chatId,
        ParentId = parentId,
        Role = MessageRole.User,
        Content = id,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task ABranchWithSummaries_IsReadFromTheLatestSummarysLastCoveredMessage_OldestFirst()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        // m1 … m20; a summary s1 after m20 covering m1…m10; n1 … n10 under it; a newer summary s2 covering up to n5;
        // then x1 and x2.
        var messages = Seed.Messages(chat.Id, 20);
        messages.Add(Summary(chat.Id, "s1", "m20", "m10"));
        messages.AddRange(Seed.Messages(chat.Id, 10, prefix: "n").Select((m, i) => m with { ParentId = i == 0 ? "s1" : m.ParentId }));
        messages.Add(Summary(chat.Id, "s2", "n10", "n5"));
        messages.Add(After(chat.Id, "x1", "s2"));
        messages.Add(After(chat.Id, "x2", "x1"));
        await nexo.MessageRepository.CreateManyAsync(messages);

        var read = await nexo.MessageRepository.GetBranchSinceSummaryAsync("x2");

        Assert.Equal(["n5", "n6", "n7", "n8", "n9", "n10", "s2", "x1", "x2"], read.Select(m => m.Id));
        Assert.Equal(34, (await nexo.MessageRepository.GetBranchAsync("x2")).Count);
    }

    [Fact]
    public async Task ABranchWithoutASummary_OrWithOneCoveringNoAncestor_IsReadWhole()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (_, chat) = await Seed.ChatAsync(nexo);
        var messages = Seed.Messages(chat.Id, 12);
        messages.Add(Summary(chat.Id, "bogus", "m12", "not-an-ancestor"));
        messages.Add(After(chat.Id, "x1", "bogus"));
        await nexo.MessageRepository.CreateManyAsync(messages);

        Assert.Equal(12, (await nexo.MessageRepository.GetBranchSinceSummaryAsync("m12")).Count);
        Assert.Equal(14, (await nexo.MessageRepository.GetBranchSinceSummaryAsync("x1")).Count);
    }
}
