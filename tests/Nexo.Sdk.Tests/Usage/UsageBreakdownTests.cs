using Nexo.Sdk.Tests.Chats;

namespace Nexo.Sdk.Tests.Usage;

/// <summary>
/// Usage breakdowns by workspace, chat, connection, model, day and hour over priced turns: exact costs, rows that add
/// up to the summary, unknown costs that stay unknown.
/// </summary>
public sealed class UsageBreakdownTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 9, 10, 0, TimeSpan.Zero);

    public static TheoryData<UsageGroupBy[]> Groupings => new()
    {
        new[] { UsageGroupBy.Workspace },
        new[] { UsageGroupBy.Chat },
        new[] { UsageGroupBy.Connection },
        new[] { UsageGroupBy.Model },
        new[] { UsageGroupBy.Day },
        new[] { UsageGroupBy.Hour },
        new[] { UsageGroupBy.Workspace, UsageGroupBy.Model },
        new[] { UsageGroupBy.Hour, UsageGroupBy.Chat, UsageGroupBy.Connection },
        new[] { UsageGroupBy.Model, UsageGroupBy.Workspace, UsageGroupBy.Chat, UsageGroupBy.Connection, UsageGroupBy.Day, UsageGroupBy.Hour },
    };

    [Theory]
    [MemberData(nameof(Groupings))]
    public async Task RowsOfAnyGrouping_AddUpExactlyToTheSummary(UsageGroupBy[] groupBy)
    {
        await using var s = await Scenario.CreateAsync();

        var summary = await s.Nexo.Usage.GetSummaryAsync();
        var rows = await s.Nexo.Usage.GetBreakdownAsync(null, new UsageBreakdownOptions { GroupBy = groupBy });

        Assert.Equal((2.00786m, 1L, 4L), (summary.Cost, summary.CostUnknownRecords, summary.TotalRequests));
        Assert.Equal(summary.Cost, rows.Sum(r => r.Cost ?? 0m)); // decimal: exact, not 2.0078600000000002
        Assert.Equal(summary.CostUnknownRecords, rows.Sum(r => r.CostUnknownRecords));
        Assert.Equal(summary.TotalRequests, rows.Sum(r => r.Requests));
        Assert.Equal(summary.TotalInputTokens, rows.Sum(r => r.InputTokens));
        Assert.Equal(summary.TotalOutputTokens, rows.Sum(r => r.OutputTokens));
        Assert.Equal(400_000, rows.Sum(r => r.CachedInputTokens));
        var keys = rows.Select(r => (r.WorkspaceId, r.ChatId, r.ConnectionId, r.Model, r.Day, r.Hour)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(rows, r =>
        {
            Assert.Equal(groupBy.Contains(UsageGroupBy.Workspace), r.WorkspaceId is not null);
            Assert.Equal(groupBy.Contains(UsageGroupBy.Chat), r.ChatId is not null);
            Assert.Equal(groupBy.Contains(UsageGroupBy.Connection), r.ConnectionId is not null);
            Assert.Equal(groupBy.Contains(UsageGroupBy.Model), r.Model is not null);
            Assert.Equal(groupBy.Contains(UsageGroupBy.Hour), r.Hour is not null);
            Assert.Equal(groupBy.Contains(UsageGroupBy.Day) || groupBy.Contains(UsageGroupBy.Hour), r.Day is not null);
        });
    }

    [Fact]
    public async Task ByWorkspaceAndByChat_RowsCarryTheirExactCostAndName_AnUnpricedOnlyRowIsNullNotZero()
    {
        await using var s = await Scenario.CreateAsync();

        var byWorkspace = await s.Nexo.Usage.GetBreakdownAsync(null, new UsageBreakdownOptions { GroupBy = [UsageGroupBy.Workspace] });
        var byChat = await s.Nexo.Usage.GetBreakdownAsync(null, new UsageBreakdownOptions { GroupBy = [UsageGroupBy.Chat] });

        // Workspace "alpha": 1000 x 2.5 + 500 x 10 = 7500, plus 2000 x 0.15 + 100 x 0.6 = 360 USD per million tokens, plus one unpriced call.
        // Workspace "beta": 600,000 x 2.5 + 400,000 cached x 1.25 = 2,000,000 USD per million tokens.
        Assert.Equal(
            [(s.Alpha.Id, "alpha", (decimal?)0.00786m, 1L, 3L), (s.Beta.Id, "beta", 2m, 0L, 1L)],
            byWorkspace.OrderBy(r => r.WorkspaceName).Select(r => (r.WorkspaceId, r.WorkspaceName, r.Cost, r.CostUnknownRecords, r.Requests)));
        Assert.Equal(
            [(s.First.Id, "first", (decimal?)0.00786m, 0L), (s.Third.Id, "third", 2m, 0L), (s.Unpriced.Id, "unpriced", null, 1L)],
            byChat.OrderBy(r => r.ChatTitle).Select(r => (r.ChatId, r.ChatTitle, r.Cost, r.CostUnknownRecords)));
    }

    [Fact]
    public async Task ByModel_AnUnpricedModelHasANullCost_AndAFilterSelectsTheRecordsFirst()
    {
        await using var s = await Scenario.CreateAsync();

        var byModel = await s.Nexo.Usage.GetBreakdownAsync(null, new UsageBreakdownOptions { GroupBy = [UsageGroupBy.Model] });
        var betaByConnection = await s.Nexo.Usage.GetBreakdownAsync(new UsageFilter { WorkspaceId = s.Beta.Id }, new UsageBreakdownOptions { GroupBy = [UsageGroupBy.Connection] });
        var scriptedByModel = await s.Nexo.Usage.GetBreakdownAsync(new UsageFilter { ConnectionId = s.Scripted.Id }, new UsageBreakdownOptions { GroupBy = [UsageGroupBy.Model] });

        Assert.Equal(
            [("model-a", (decimal?)2.0075m, 0L, 2L), ("model-b", 0.00036m, 0L, 1L), ("model-c", null, 1L, 1L)],
            byModel.Select(r => (r.Model!, r.Cost, r.CostUnknownRecords, r.Requests)));
        var other = Assert.Single(betaByConnection);
        Assert.Equal((s.Other.Id, "other", (decimal?)2m), (other.ConnectionId, other.ConnectionName, other.Cost));
        Assert.Equal(["model-a", "model-b", "model-c"], scriptedByModel.Select(r => r.Model));
        Assert.Equal(1_000, scriptedByModel[0].InputTokens);
    }

    [Fact]
    public async Task ByHour_GroupsByUtcHourNewestFirst_WithTheDay_AndAPartlyPricedHourKeepsItsKnownCost()
    {
        await using var s = await Scenario.CreateAsync();

        var byHour = await s.Nexo.Usage.GetBreakdownAsync(null, new UsageBreakdownOptions { GroupBy = [UsageGroupBy.Hour] });
        var byDay = await s.Nexo.Usage.GetBreakdownAsync(null, new UsageBreakdownOptions { GroupBy = [UsageGroupBy.Day] });

        Assert.Equal(
            [
                ("2026-01-16T00:00Z", "2026-01-16", (decimal?)2m, 0L, 1L),
                ("2026-01-15T10:00Z", "2026-01-15", 0.00036m, 1L, 2L), // partial: model-b priced, model-c not
                ("2026-01-15T09:00Z", "2026-01-15", 0.0075m, 0L, 1L),
            ],
            byHour.Select(r => (r.Hour!, r.Day!, r.Cost, r.CostUnknownRecords, r.Requests)));
        Assert.Equal(
            [("2026-01-16", (decimal?)2m, 0L), ("2026-01-15", 0.00786m, 1L)],
            byDay.Select(r => (r.Day!, r.Cost, r.CostUnknownRecords)));
    }

    [Fact]
    public async Task OptionsWithoutGroupBy_GiveTheDayConnectionModelBreakdown_SortedByTheKeysInTheirOrder()
    {
        await using var s = await Scenario.CreateAsync();

        var old = await s.Nexo.Usage.GetBreakdownAsync();
        var defaults = await s.Nexo.Usage.GetBreakdownAsync(null, new UsageBreakdownOptions());
        var modelThenDay = await s.Nexo.Usage.GetBreakdownAsync(null, new UsageBreakdownOptions { GroupBy = [UsageGroupBy.Model, UsageGroupBy.Day] });

        Assert.Equal(old, defaults);
        Assert.Equal(
            [("2026-01-16", s.Other.Id, "model-a"), ("2026-01-15", s.Scripted.Id, "model-a"), ("2026-01-15", s.Scripted.Id, "model-b"), ("2026-01-15", s.Scripted.Id, "model-c")],
            old.Select(r => (r.Day!, r.ConnectionId!, r.Model!)));
        Assert.All(old, r => Assert.Null(r.Hour ?? r.WorkspaceId ?? r.ChatId));
        Assert.Equal(
            [("model-a", "2026-01-16"), ("model-a", "2026-01-15"), ("model-b", "2026-01-15"), ("model-c", "2026-01-15")],
            modelThenDay.Select(r => (r.Model!, r.Day!)));
    }

    [Fact]
    public async Task GroupBy_EmptyUnknownOrRepeated_IsAValidationErrorOnGroupBy()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        await NexoAssert.ValidationAsync("groupBy", () => nexo.Usage.GetBreakdownAsync(null, new UsageBreakdownOptions { GroupBy = [] }));
        await NexoAssert.ValidationAsync("groupBy", () => nexo.Usage.GetBreakdownAsync(null, new UsageBreakdownOptions { GroupBy = [(UsageGroupBy)42] }));
        var twice = await NexoAssert.ValidationAsync("groupBy", () => nexo.Usage.GetBreakdownAsync(null, new UsageBreakdownOptions { GroupBy = [UsageGroupBy.Model, UsageGroupBy.Day, UsageGroupBy.Model] }));
        Assert.Contains("'model' twice", twice.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Four priced turns on a manual clock: workspace alpha (connection "scripted") — chat "first" at 09:10 with model-a
    /// (1000 in, 500 out) and 10:20 with model-b (2000 in, 100 out), chat "unpriced" at 10:40 with model-c (no price);
    /// workspace beta (connection "other") — chat "third" the next day at 00:30 with model-a (1,000,000 in, 400,000 cached).
    /// </summary>
    private sealed class Scenario : IAsyncDisposable
    {
        private readonly ChatHarness _h;

        private Scenario(ChatHarness h) => _h = h;

        public NexoClient Nexo => _h.Nexo;

        public Workspace Alpha => _h.Workspace;

        public Workspace Beta { get; private set; } = null!;

        public LlmConnection Scripted => _h.Connection;

        public LlmConnection Other { get; private set; } = null!;

        public Chat First { get; private set; } = null!;

        public Chat Unpriced { get; private set; } = null!;

        public Chat Third { get; private set; } = null!;

        public static async Task<Scenario> CreateAsync()
        {
            var clock = new ManualTimeProvider(Start);
            var h = await ChatHarness.CreateAsync(o => o.TimeProvider = clock);
            var s = new Scenario(h);
            try
            {
                var nexo = h.Nexo;
                await nexo.Workspaces.UpdateAsync(h.Workspace.Id, new WorkspaceUpdate { Name = "alpha" });
                s.Other = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "other", Provider = LlmProviderKind.OpenAICompatible, BaseUrl = "http://127.0.0.1:9", DefaultModel = "model-a" });
                s.Beta = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "beta" });
                await nexo.Workspaces.UpdateSettingsAsync(s.Beta.Id, new WorkspaceSettingsPatch { LlmConnectionId = s.Other.Id });
                await nexo.Usage.SetModelPriceAsync(new ModelPrice { Model = "model-a", InputPerMillion = 2.5m, OutputPerMillion = 10m, CachedInputPerMillion = 1.25m });
                await nexo.Usage.SetModelPriceAsync(new ModelPrice { Model = "model-b", ConnectionId = h.Connection.Id, InputPerMillion = 0.15m, OutputPerMillion = 0.6m });
                s.First = await h.NewChatAsync("first");
                s.Unpriced = await h.NewChatAsync("unpriced");
                s.Third = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = s.Beta.Id, Title = "third" });

                await s.TurnAsync(clock, Start, s.First, "model-a", Step.Usage(1_000, 500));
                await s.TurnAsync(clock, Start.AddMinutes(70), s.First, "model-b", Step.Usage(2_000, 100));
                await s.TurnAsync(clock, Start.AddMinutes(90), s.Unpriced, "model-c", Step.Usage(50, 5));
                await s.TurnAsync(clock, Start.AddMinutes(920), s.Third, "model-a", Step.Usage(1_000_000, 0, cached: 400_000));
                return s;
            }
            catch
            {
                await h.DisposeAsync();
                throw;
            }
        }

        public ValueTask DisposeAsync() => _h.DisposeAsync();

        private async Task TurnAsync(ManualTimeProvider clock, DateTimeOffset at, Chat chat, string model, Step usage)
        {
            clock.Now = at;
            _h.Model.Enqueue(Step.Text("ok"), usage);
            await Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "hi", SelectedModel = model });
        }
    }
}
