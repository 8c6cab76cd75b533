using Nexo.Sdk.Tests.Chats;

namespace Nexo.Sdk.Tests.Usage;

public sealed class CostLedgerTests
{
    private static readonly ModelPrice ModelA = new() { Model = "model-a", InputPerMillion = 2.5m, OutputPerMillion = 10m, CachedInputPerMillion = 1.25m, ReasoningPerMillion = 20m };

    [Fact]
    public async Task StreamedTurn_WithAPrice_StoresItsExactCostOnTheUsageRecord()
    {
        await using var h = await ChatHarness.CreateAsync();
        await h.Nexo.Usage.SetModelPriceAsync(ModelA);
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("ok"), Step.Usage(1_234, 567, cached: 200, reasoning: 100));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "hi" });

        var record = Assert.Single(await h.Nexo.Usage.ListAsync());
        // (1234 - 200) x 2.5 + 200 x 1.25 + (567 - 100) x 10 + 100 x 20 = 9505 USD per million tokens.
        Assert.Equal(0.009505m, record.Cost);
        Assert.Equal(200, record.CachedInputTokens);
        Assert.True(record.IsStream);
        var summary = await h.Nexo.Usage.GetSummaryAsync();
        Assert.Equal((0.009505m, 0L), (summary.Cost, summary.CostUnknownRecords));
    }

    [Fact]
    public async Task PriceChange_LeavesTheCostsAlreadyRecorded_AndPricesLaterCalls()
    {
        await using var h = await ChatHarness.CreateAsync();
        await h.Nexo.Usage.SetModelPriceAsync(new ModelPrice { Model = "model-a", InputPerMillion = 1m, OutputPerMillion = 2m });
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("one"), Step.Usage(1_000_000, 1_000_000)).Enqueue(Step.Text("two"), Step.Usage(1_000_000, 1_000_000));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "first" });
        await h.Nexo.Usage.SetModelPriceAsync(new ModelPrice { Model = "model-a", InputPerMillion = 5m, OutputPerMillion = 7m });
        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "second" });

        var records = await h.Nexo.Usage.ListAsync();
        Assert.Equal([12m, 3m], records.Select(r => r.Cost)); // newest first
        Assert.Equal(15m, (await h.Nexo.Usage.GetSummaryAsync()).Cost);
        Assert.Equal(5m, Assert.Single(await h.Nexo.Usage.GetModelPricesAsync()).InputPerMillion);
    }

    [Fact]
    public async Task UnknownPrice_RecordsAnUnknownCost_NotZero()
    {
        await using var h = await ChatHarness.CreateAsync();
        await h.Nexo.Usage.SetModelPriceAsync(ModelA with { Model = "another-model" });
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("ok"), Step.Usage(10, 5));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "hi" });

        Assert.Null(Assert.Single(await h.Nexo.Usage.ListAsync()).Cost);
        var summary = await h.Nexo.Usage.GetSummaryAsync();
        Assert.Equal(((decimal?)null, 1L), (summary.Cost, summary.CostUnknownRecords));
        var row = Assert.Single(await h.Nexo.Usage.GetBreakdownAsync());
        Assert.Equal(((decimal?)null, 1L), (row.Cost, row.CostUnknownRecords));
    }

    [Fact]
    public async Task CallWithoutReportedUsage_HasAnUnknownCost_EvenWithAPrice()
    {
        await using var h = await ChatHarness.CreateAsync();
        await h.Nexo.Usage.SetModelPriceAsync(ModelA);
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("no usage reported"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "hi" });

        Assert.Null(Assert.Single(await h.Nexo.Usage.ListAsync()).Cost);
        Assert.Equal(1, (await h.Nexo.Usage.GetSummaryAsync()).CostUnknownRecords);
    }

    [Fact]
    public async Task ConnectionPrice_WinsOverTheModelsPriceWithoutAConnection()
    {
        await using var h = await ChatHarness.CreateAsync();
        await h.Nexo.Usage.SetModelPriceAsync(new ModelPrice { Model = "model-a", InputPerMillion = 1m, OutputPerMillion = 1m });
        await h.Nexo.Usage.SetModelPriceAsync(new ModelPrice { Model = "model-a", ConnectionId = h.Connection.Id, InputPerMillion = 3m, OutputPerMillion = 3m });
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("ok"), Step.Usage(1_000_000, 0));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "hi" });

        Assert.Equal(3m, Assert.Single(await h.Nexo.Usage.ListAsync()).Cost);
        Assert.Equal(2, (await h.Nexo.Usage.GetModelPricesAsync(h.Connection.Id)).Count);
        Assert.True(await h.Nexo.Usage.DeleteModelPriceAsync("model-a", h.Connection.Id));
        Assert.Null(Assert.Single(await h.Nexo.Usage.GetModelPricesAsync()).ConnectionId);
    }

    [Fact]
    public async Task SummaryAndBreakdown_SumKnownCostsExactly_AndCountTheUnknownOnes()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var day1 = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        UsageRecord R(string id, string model, decimal? cost, DateTimeOffset at) => new() { Id = id, WorkspaceId = "ws", ChatId = "c1", ConnectionId = "conn", Provider = "openai", Model = model, Cost = cost, CreatedAt = at };
        await nexo.Usage.RecordAsync(R("a", "m", 0.1m, day1));
        await nexo.Usage.RecordAsync(R("b", "m", 0.2m, day1.AddHours(1)));
        await nexo.Usage.RecordAsync(R("c", "m", null, day1.AddHours(2)));
        await nexo.Usage.RecordAsync(R("d", "free", 0m, day1.AddDays(1)));
        await nexo.Usage.RecordAsync(R("e", "unpriced", null, day1.AddDays(1)) with { ChatId = "c2" });

        var summary = await nexo.Usage.GetSummaryAsync();
        var rows = await nexo.Usage.GetBreakdownAsync();

        Assert.Equal((0.3m, 2L), (summary.Cost, summary.CostUnknownRecords)); // exact: 0.1 + 0.2 is 0.3, not 0.30000000000000004
        Assert.Equal(
            [("2026-03-02", "free", (decimal?)0m, 0L), ("2026-03-02", "unpriced", null, 1L), ("2026-03-01", "m", 0.3m, 1L)],
            rows.Select(r => (r.Day, r.Model, r.Cost, r.CostUnknownRecords)));
        Assert.Equal(rows.Sum(r => r.Cost ?? 0m), summary.Cost);
        var chat2 = await nexo.Usage.GetSummaryAsync(new UsageFilter { ChatId = "c2" });
        Assert.Equal(((decimal?)null, 1L, 1L), (chat2.Cost, chat2.CostUnknownRecords, chat2.TotalRequests));
        Assert.Equal((0m, 0L), ((await nexo.Usage.GetSummaryAsync(new UsageFilter { WorkspaceId = "nobody" })).Cost, 0L));
    }

    [Fact]
    public async Task SetModelPrice_RejectsNegativeOrTooPrecisePrices_AndUnknownConnections()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        var negative = await Assert.ThrowsAsync<NexoException>(() => nexo.Usage.SetModelPriceAsync(new ModelPrice { Model = "m", InputPerMillion = -1m, OutputPerMillion = 1m }));
        var precise = await Assert.ThrowsAsync<NexoException>(() => nexo.Usage.SetModelPriceAsync(new ModelPrice { Model = "m", InputPerMillion = 1m, OutputPerMillion = 0.0000001m }));
        var connection = await Assert.ThrowsAsync<NexoException>(() => nexo.Usage.SetModelPriceAsync(new ModelPrice { Model = "m", ConnectionId = "nope", InputPerMillion = 1m, OutputPerMillion = 1m }));

        Assert.Equal((NexoErrorKind.Validation, "inputPerMillion"), (negative.Kind, negative.Details!["field"]));
        Assert.Equal((NexoErrorKind.Validation, "outputPerMillion"), (precise.Kind, precise.Details!["field"]));
        Assert.Equal(NexoErrorKind.Validation, connection.Kind);
        Assert.Empty(await nexo.Usage.GetModelPricesAsync());
    }

    [Fact]
    public async Task ImportModelPrices_StoresEveryPriceOfTheDocumentedFile_OrNoneWhenOneIsInvalid()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await nexo.Usage.SetModelPriceAsync(new ModelPrice { Model = "kept", InputPerMillion = 1m, OutputPerMillion = 1m });

        var imported = await nexo.Usage.ImportModelPricesAsync(
            """
            {
              "currency": "USD",
              "prices": [
                { "model": "gpt-4o", "inputPerMillion": 2.5, "outputPerMillion": 10, "cachedInputPerMillion": 1.25 },
                { "model": "o3", "inputPerMillion": 2, "outputPerMillion": 8, "reasoningPerMillion": 8.000001 }
              ]
            }
            """);
        var invalid = await Assert.ThrowsAsync<NexoException>(() => nexo.Usage.ImportModelPricesAsync(
            """{"prices": [{"model": "later", "inputPerMillion": 1, "outputPerMillion": 1}, {"model": "bad", "inputPerMillion": -3, "outputPerMillion": 1}]}"""));
        var euros = await Assert.ThrowsAsync<NexoException>(() => nexo.Usage.ImportModelPricesAsync("""{"currency": "EUR", "prices": []}"""));

        Assert.Equal(["gpt-4o", "o3"], imported.Select(p => p.Model));
        Assert.Equal("prices[1].inputPerMillion", invalid.Details!["field"]);
        Assert.Equal("currency", euros.Details!["field"]);
        var all = await nexo.Usage.GetModelPricesAsync();
        Assert.Equal(["gpt-4o", "kept", "o3"], all.Select(p => p.Model));
        Assert.Equal(8.000001m, all.Single(p => p.Model == "o3").ReasoningPerMillion);
        Assert.Equal(1.25m, all.Single(p => p.Model == "gpt-4o").CachedInputPerMillion);
    }

    [Fact]
    public async Task Budget_RefusesANewTurnAt100Percent_BeforeAnythingIsStored_UnlessIgnored()
    {
        await using var h = await ChatHarness.CreateAsync();
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch { MonthlyBudgetUsd = 1m });
        await h.Nexo.Usage.SetModelPriceAsync(new ModelPrice { Model = "model-a", InputPerMillion = 1m, OutputPerMillion = 0m });
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("spent"), Step.Usage(1_000_000, 10)).Enqueue(Step.Text("anyway"), Step.Usage(1, 1));
        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "spend it all" });
        var messagesBefore = (await h.Nexo.Messages.ListAsync(chat.Id)).Count;

        var refused = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "one more" }));

        Assert.Equal(NexoErrorKind.PermissionDenied, refused.Kind);
        Assert.Contains("monthly budget", refused.Message, StringComparison.Ordinal);
        Assert.Equal(("budget", 1m, 1m), (refused.Details!["reason"], refused.Details["spent"], refused.Details["budget"]));
        Assert.Equal(messagesBefore, (await h.Nexo.Messages.ListAsync(chat.Id)).Count);
        var answered = (await h.Nexo.Usage.ListAsync())[0].MessageId!;
        Assert.Equal(NexoErrorKind.PermissionDenied, (await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.RegenerateAsync(new RegenerateRequest { ChatId = chat.Id, MessageId = answered }))).Kind);

        var anyway = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "one more", IgnoreBudget = true });
        Assert.Equal("anyway", (await h.Nexo.Messages.GetAsync(anyway.AssistantMessageId)).Content);
    }

    [Fact]
    public async Task Budget_PublishesAWarningWhenSpendingCrosses80Percent_AndAgainAt100()
    {
        await using var h = await ChatHarness.CreateAsync();
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch { MonthlyBudgetUsd = 10m });
        await h.Nexo.Usage.SetModelPriceAsync(new ModelPrice { Model = "model-a", InputPerMillion = 1m, OutputPerMillion = 0m });
        var chat = await h.NewChatAsync("t");
        h.Model
            .Enqueue(Step.Text("a"), Step.Usage(7_000_000, 0))  // 70 %: no warning
            .Enqueue(Step.Text("b"), Step.Usage(1_500_000, 0))  // 85 %: warning
            .Enqueue(Step.Text("c"), Step.Usage(500_000, 0))    // 90 %: nothing new
            .Enqueue(Step.Text("d"), Step.Usage(1_000_000, 0)); // 100 %: warning

        foreach (var text in new[] { "1", "2", "3" })
        {
            await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = text });
        }

        var first = Assert.Single(h.Events.OfType<BudgetWarningEvent>());
        Assert.Equal((h.Workspace.Id, 8.5m, 10m, 85), (first.WorkspaceId, first.Spent, first.Budget, first.Percent));
        Assert.Equal("budget-warning", first.EventName);

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "4" });

        var warnings = h.Events.OfType<BudgetWarningEvent>().ToList();
        Assert.Equal([85, 100], warnings.Select(w => w.Percent));
        Assert.Equal(10m, warnings[1].Spent);
    }

    [Fact]
    public async Task Budget_CountsOnlyTheCurrentUtcMonth_AndUnpricedCallsAsNothing()
    {
        await using var h = await ChatHarness.CreateAsync();
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch { MonthlyBudgetUsd = 1m });
        var now = DateTimeOffset.UtcNow;
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        await h.Nexo.Usage.RecordAsync(new UsageRecord { Id = "last-month", WorkspaceId = h.Workspace.Id, Provider = "openai", Model = "model-a", Cost = 50m, CreatedAt = monthStart.AddSeconds(-1) });
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("ok"), Step.Usage(5_000_000, 5_000_000));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "hi" });

        Assert.Empty(h.Events.OfType<BudgetWarningEvent>());
        var settings = await h.Nexo.Workspaces.GetSettingsAsync(h.Workspace.Id);
        Assert.Equal(1m, settings.MonthlyBudgetUsd);
        var cleared = await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch { ClearMonthlyBudget = true });
        Assert.Null(cleared.MonthlyBudgetUsd);
        var zero = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch { MonthlyBudgetUsd = 0m }));
        Assert.Equal("monthlyBudgetUsd", zero.Details!["field"]);
    }
}
