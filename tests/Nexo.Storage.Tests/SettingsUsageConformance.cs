namespace Nexo.Storage.Tests;

/// <summary>App settings, prompts and usage with prices: the same on every store.</summary>
public abstract class SettingsUsageConformance(StoreKind kind) : StoreTest(kind)
{
    [Fact]
    public async Task Settings_are_replaced_listed_by_key_and_deleted()
    {
        await Store.AppSettings.SetAsync("b.key", "1");
        await Store.AppSettings.SetAsync("a.key", "x");
        await Store.AppSettings.SetAsync("b.key", "2");

        Assert.Equal("2", (await Store.AppSettings.GetAsync("b.key"))!.Value);
        Assert.Equal(["a.key", "b.key"], (await Store.AppSettings.ListAsync()).Select(s => s.Key));
        Assert.True(await Store.AppSettings.DeleteAsync("a.key"));
        Assert.False(await Store.AppSettings.DeleteAsync("a.key"));
        Assert.Null(await Store.AppSettings.GetAsync("a.key"));
    }

    [Fact]
    public async Task Prompts_are_unique_by_name_in_any_case_and_listed_most_recent_first()
    {
        var t = DateTimeOffset.UtcNow;
        await Store.Prompts.CreateAsync(new Prompt { Id = "p1", Name = "Review", Content = "Review {{code}}", CreatedAt = t, UpdatedAt = t });
        await Store.Prompts.CreateAsync(new Prompt { Id = "p2", Name = "Summarize", Content = "Summarize", CreatedAt = t, UpdatedAt = t.AddSeconds(1) });

        var duplicate = await Assert.ThrowsAsync<NexoException>(() => Store.Prompts.CreateAsync(new Prompt { Id = "p3", Name = "REVIEW", Content = "x", CreatedAt = t, UpdatedAt = t }));

        Assert.Equal(NexoErrorKind.Conflict, duplicate.Kind);
        Assert.Equal("p1", (await Store.Prompts.GetByNameAsync("review"))!.Id);
        Assert.Equal(["p2", "p1"], (await Store.Prompts.ListAsync()).Select(p => p.Id));
        Assert.True(await Store.Prompts.UpdateAsync(new Prompt { Id = "p1", Name = "Review code", Content = "new", CreatedAt = t, UpdatedAt = t.AddSeconds(2) }));
        Assert.Equal("p1", (await Store.Prompts.ListAsync())[0].Id);
        Assert.True(await Store.Prompts.DeleteAsync("p2"));
    }

    [Fact]
    public async Task Usage_is_summed_broken_down_by_day_and_model_and_priced_per_connection_first()
    {
        var ws = await NewWorkspaceAsync();
        var day1 = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var day2 = day1.AddDays(1);
        await Store.Usage.AddAsync(new UsageRecord { Id = "u1", WorkspaceId = ws.Id, Provider = "openai", Model = "m-a", InputTokens = 100, OutputTokens = 10, LatencyMs = 100, Cost = 0.5m, CreatedAt = day1 });
        await Store.Usage.AddAsync(new UsageRecord { Id = "u2", WorkspaceId = ws.Id, Provider = "openai", Model = "m-a", InputTokens = 50, OutputTokens = 5, LatencyMs = 300, Cost = 0.25m, CreatedAt = day2 });
        await Store.Usage.AddAsync(new UsageRecord { Id = "u3", WorkspaceId = ws.Id, Provider = "openai", Model = "m-b", InputTokens = 7, OutputTokens = 1, LatencyMs = 200, CreatedAt = day2 });

        var summary = await Store.Usage.GetSummaryAsync(new UsageFilter { WorkspaceId = ws.Id });
        Assert.Equal((3L, 157L, 16L, 200.0, 1L), (summary.TotalRequests, summary.TotalInputTokens, summary.TotalOutputTokens, summary.AverageLatencyMs, summary.CostUnknownRecords));
        Assert.Equal(0.75m, summary.Cost);

        var byDay = await Store.Usage.GetBreakdownAsync(new UsageFilter(), [UsageGroupBy.Day, UsageGroupBy.Model]);
        Assert.Equal(["2026-03-02/m-a", "2026-03-02/m-b", "2026-03-01/m-a"], byDay.Select(r => $"{r.Day}/{r.Model}"));
        var byHour = await Store.Usage.GetBreakdownAsync(new UsageFilter(), [UsageGroupBy.Hour]);
        Assert.Equal("2026-03-02T10:00Z", byHour[0].Hour);
        Assert.Equal(["u3", "u2"], (await Store.Usage.ListAsync(new UsageFilter(), 1, 2)).Select(r => r.Id).Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(0.25m, await Store.Usage.GetSpentAsync(ws.Id, day2));

        var connections = Store.LlmConnections(Protector);
        await connections.CreateAsync(new LlmConnection { Id = "c", Name = "c", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://x", CreatedAt = day1, UpdatedAt = day1 }, new LlmConnectionSecrets());
        await Store.Usage.SetPricesAsync([
            new ModelPrice { Model = "m-a", InputPerMillion = 1m, OutputPerMillion = 2m, CreatedAt = day1, UpdatedAt = day1 },
            new ModelPrice { ConnectionId = "c", Model = "m-a", InputPerMillion = 3m, OutputPerMillion = 4m, CreatedAt = day1, UpdatedAt = day1 },
        ]);
        await Store.Usage.SetPricesAsync([new ModelPrice { Model = "m-a", InputPerMillion = 1.5m, OutputPerMillion = 2m, CreatedAt = day1, UpdatedAt = day2 }]);

        Assert.Equal(3m, (await Store.Usage.FindPriceAsync("c", "m-a"))!.InputPerMillion);
        Assert.Equal(1.5m, (await Store.Usage.FindPriceAsync("other", "m-a"))!.InputPerMillion);
        Assert.Equal(2, (await Store.Usage.ListPricesAsync(null)).Count);
        var missing = await Assert.ThrowsAsync<NexoException>(() => Store.Usage.SetPricesAsync([new ModelPrice { ConnectionId = "nope", Model = "m", InputPerMillion = 1m, OutputPerMillion = 1m }]));
        Assert.Equal(NexoErrorKind.Validation, missing.Kind);
        Assert.True(await Store.Usage.DeletePriceAsync(null, "m-a"));
        Assert.Equal(3, await Store.Usage.ClearAsync());
    }
}

public sealed class SqliteSettingsUsageTests() : SettingsUsageConformance(StoreKind.Sqlite);

public sealed class PostgresSettingsUsageTests() : SettingsUsageConformance(StoreKind.Postgres);
