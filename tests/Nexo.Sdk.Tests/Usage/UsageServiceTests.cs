namespace Nexo.Sdk.Tests.Usage;

public sealed class UsageServiceTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 2, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Day2 = new(2026, 2, 2, 23, 59, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetSummaryAsync_TotalsTheSelectedRecords()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await SeedAsync(nexo);

        var all = await nexo.Usage.GetSummaryAsync();
        var ws1 = await nexo.Usage.GetSummaryAsync(new UsageFilter { WorkspaceId = "ws-1" });
        var conn2 = await nexo.Usage.GetSummaryAsync(new UsageFilter { ConnectionId = "conn-2" });
        var day2 = await nexo.Usage.GetSummaryAsync(new UsageFilter { Start = new DateTimeOffset(2026, 2, 2, 0, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.Zero) });
        var none = await nexo.Usage.GetSummaryAsync(new UsageFilter { WorkspaceId = "nobody" });

        Assert.Equal(new UsageSummary { TotalRequests = 4, TotalInputTokens = 1000, TotalOutputTokens = 100, TotalReasoningTokens = 10, AverageLatencyMs = 250, Cost = null, CostUnknownRecords = 4 }, all);
        Assert.Equal((3L, 600L), (ws1.TotalRequests, ws1.TotalInputTokens));
        Assert.Equal((1L, 400L, 400.0), (conn2.TotalRequests, conn2.TotalInputTokens, conn2.AverageLatencyMs));
        Assert.Equal((2L, 700L), (day2.TotalRequests, day2.TotalInputTokens));
        Assert.Equal(new UsageSummary { Cost = 0m }, none); // nothing selected: nothing spent
    }

    [Fact]
    public async Task GetBreakdownAsync_GroupsByUtcDayConnectionAndModel_NewestDayFirst()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await SeedAsync(nexo);

        var rows = await nexo.Usage.GetBreakdownAsync();

        Assert.Equal(
            [
                new UsageBreakdownRow { Day = "2026-02-02", ConnectionId = "conn-1", Model = "m-small", Requests = 1, InputTokens = 300, OutputTokens = 30, CostUnknownRecords = 1 },
                new UsageBreakdownRow { Day = "2026-02-02", ConnectionId = "conn-2", Model = "m-big", Requests = 1, InputTokens = 400, OutputTokens = 40, CostUnknownRecords = 1 },
                new UsageBreakdownRow { Day = "2026-02-01", ConnectionId = "conn-1", Model = "m-small", Requests = 2, InputTokens = 300, OutputTokens = 30, CostUnknownRecords = 2 },
            ],
            rows);
    }

    [Fact]
    public async Task ListAsync_PagesNewestFirst_WithoutOverlap()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        for (var i = 0; i < 7; i++)
        {
            await nexo.Usage.RecordAsync(new UsageRecord { Id = $"r{i}", Provider = "echo", Model = "m", CreatedAt = Day1.AddMinutes(i) });
        }

        var pages = new List<IReadOnlyList<UsageRecord>>();
        for (var page = 1; page <= 4; page++)
        {
            pages.Add(await nexo.Usage.ListAsync(page: page, pageSize: 3));
        }

        Assert.Equal([3, 3, 1, 0], pages.Select(p => p.Count));
        Assert.Equal(["r6", "r5", "r4", "r3", "r2", "r1", "r0"], pages.SelectMany(p => p).Select(r => r.Id));
    }

    [Fact]
    public async Task RecordAsync_RoundTripsEveryField_AndOutlivesTheChat()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var (ws, chat) = await Seed.ChatAsync(nexo);
        var record = new UsageRecord
        {
            Id = "u1",
            WorkspaceId = ws.Id,
            ChatId = chat.Id,
            MessageId = "msg",
            ConnectionId = "conn",
            Provider = "anthropic",
            Model = "claude",
            InputTokens = 1,
            OutputTokens = 2,
            ReasoningTokens = 3,
            TotalTokens = 6,
            CachedInputTokens = 1,
            Cost = 0.000000000001m,
            LatencyMs = 42,
            IsStream = true,
            Status = "cancelled",
            RequestType = "title",
            CreatedAt = Day1,
        };
        await nexo.Usage.RecordAsync(record);

        await nexo.Workspaces.DeleteAsync(ws.Id);

        Assert.Equal(record, Assert.Single(await nexo.Usage.ListAsync()));
    }

    [Fact]
    public async Task ClearAsync_DeletesEveryRecord()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await SeedAsync(nexo);

        Assert.Equal(4, await nexo.Usage.ClearAsync());

        Assert.Empty(await nexo.Usage.ListAsync());
        Assert.Equal(0, (await nexo.Usage.GetSummaryAsync()).TotalRequests);
        Assert.Equal(0, await nexo.Usage.ClearAsync());
    }

    private static async Task SeedAsync(NexoClient nexo)
    {
        UsageRecord R(string id, string ws, string conn, string model, DateTimeOffset at, long input, long latency) => new()
        {
            Id = id,
            WorkspaceId = ws,
            ConnectionId = conn,
            Provider = "openai",
            Model = model,
            InputTokens = input,
            OutputTokens = input / 10,
            ReasoningTokens = input / 100,
            TotalTokens = input + (input / 10),
            LatencyMs = latency,
            CreatedAt = at,
        };
        await nexo.Usage.RecordAsync(R("a", "ws-1", "conn-1", "m-small", Day1, 100, 100));
        await nexo.Usage.RecordAsync(R("b", "ws-1", "conn-1", "m-small", Day1.AddHours(13).AddMinutes(59), 200, 200));
        await nexo.Usage.RecordAsync(R("c", "ws-1", "conn-1", "m-small", Day2, 300, 300));
        await nexo.Usage.RecordAsync(R("d", "ws-2", "conn-2", "m-big", Day2.AddSeconds(30), 400, 400));
    }
}
