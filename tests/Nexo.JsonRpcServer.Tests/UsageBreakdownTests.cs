using System.Text.Json.Nodes;
using Nexo.Testing;

namespace Nexo.JsonRpcServer.Tests;

/// <summary><c>get_usage_breakdown</c> with <c>groupBy</c> through the real server process.</summary>
public sealed class UsageBreakdownTests
{
    private static readonly string[][] Groupings =
    [
        ["workspace"], ["chat"], ["connection"], ["model"], ["day"], ["hour"], ["workspace", "model"], ["chat", "hour", "connection"],
    ];

    [Fact]
    public async Task PricedAndUnpricedTurns_RowsOfEveryGroupingAddUpToTheSummary_AndAnUnpricedChatsCostIsNull()
    {
        await using var turn = await TurnFixture.StartAsync();
        await turn.Server.CallAsync("set_model_price", new { model = "fake-model", inputPerMillion = 2.5m, outputPerMillion = 10 });
        turn.Provider.Enqueue(FakeResponse.Text("priced").WithUsage(1_000, 500));
        await turn.Server.CallAsync("send_message", new { chatId = turn.ChatId, content = "first" });
        await turn.Server.CallAsync("delete_model_price", new { model = "fake-model" });
        var unpricedChat = (string)(await turn.Server.CallAsync("create_chat", new { workspaceId = turn.WorkspaceId, title = "unpriced" }))["id"]!;
        turn.Provider.Enqueue(FakeResponse.Text("unpriced").WithUsage(100, 10));
        await turn.Server.CallAsync("send_message", new { chatId = unpricedChat, content = "second" });

        var summary = await turn.Server.CallAsync("get_usage_summary");
        var byChat = (await turn.Server.CallAsync("get_usage_breakdown", new { groupBy = new[] { "chat" } })).AsArray();
        var byWorkspace = (await turn.Server.CallAsync("get_usage_breakdown", new { groupBy = new[] { "workspace" } })).AsArray().Single()!;

        Assert.Equal((0.0075m, 1, 2), ((decimal)summary["cost"]!, (int)summary["costUnknownRecords"]!, (int)summary["totalRequests"]!)); // 1000 x 2.5 + 500 x 10
        foreach (var groupBy in Groupings)
        {
            var rows = (await turn.Server.CallAsync("get_usage_breakdown", new { groupBy })).AsArray();
            var what = string.Join(",", groupBy);
            Assert.True(0.0075m == rows.Sum(r => (decimal?)r!["cost"] ?? 0m), what + rows.ToJsonString());
            Assert.True(1 == rows.Sum(r => (int)r!["costUnknownRecords"]!), what);
            Assert.True(2 == rows.Sum(r => (int)r!["requests"]!), what);
            Assert.True((int)summary["totalInputTokens"]! == rows.Sum(r => (int)r!["inputTokens"]!), what + summary.ToJsonString());
        }

        var priced = byChat.Single(r => (string?)r!["chatId"] == turn.ChatId)!;
        var unpriced = byChat.Single(r => (string?)r!["chatId"] == unpricedChat)!;
        Assert.Equal((0.0075m, 0, "Turn test"), ((decimal)priced["cost"]!, (int)priced["costUnknownRecords"]!, (string?)priced["chatTitle"]));
        Assert.Null((decimal?)unpriced["cost"]); // unknown, not 0
        Assert.Equal(1, (int)unpriced["costUnknownRecords"]!);
        Assert.Equal((turn.WorkspaceId, "turns", 0.0075m, 1), ((string?)byWorkspace["workspaceId"], (string?)byWorkspace["workspaceName"], (decimal)byWorkspace["cost"]!, (int)byWorkspace["costUnknownRecords"]!));
        Assert.Null(byWorkspace["model"]);
        Assert.Null(byWorkspace["day"]);
    }

    [Fact]
    public async Task GroupByWorkspaceAndModel_OrByHour_GivesExactCostsPerGroup_HoursInUtcNewestFirst()
    {
        var folder = Directory.CreateTempSubdirectory("nexo-rpc-breakdown-").FullName;
        var at = new DateTimeOffset(2026, 4, 30, 23, 15, 0, TimeSpan.Zero);
        string alpha, beta;
        await using (var nexo = await NexoClient.OpenAsync(await TestStore.OptionsAsync(folder)))
        {
            alpha = (await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "alpha" })).Id;
            beta = (await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "beta" })).Id;
            UsageRecord R(string ws, string model, decimal? cost, DateTimeOffset when) => new()
            {
                Id = Guid.NewGuid().ToString(), WorkspaceId = ws, Provider = "openai", Model = model, InputTokens = 10, OutputTokens = 1, Cost = cost, CreatedAt = when,
            };
            await nexo.Usage.RecordAsync(R(alpha, "m1", 0.1m, at));
            await nexo.Usage.RecordAsync(R(alpha, "m1", 0.2m, at.AddMinutes(50)));
            await nexo.Usage.RecordAsync(R(alpha, "m2", null, at.AddMinutes(55)));
            await nexo.Usage.RecordAsync(R(beta, "m1", 0.000001m, at.AddMinutes(59)));
        }

        await using var server = await ServerProcess.StartAsync(directory: folder);
        await server.InitializeAsync();
        var byWorkspaceModel = (await server.CallAsync("get_usage_breakdown", new { groupBy = new[] { "workspace", "model" } })).AsArray();
        var byHour = (await server.CallAsync("get_usage_breakdown", new { groupBy = new[] { "hour" }, filter = new { workspaceId = alpha } })).AsArray();

        Assert.Equal(
            [("alpha", "m1", (decimal?)0.3m, 0), ("alpha", "m2", null, 1), ("beta", "m1", 0.000001m, 0)],
            byWorkspaceModel.Select(r => ((string)r!["workspaceName"]!, (string)r["model"]!, (decimal?)r["cost"], (int)r["costUnknownRecords"]!)).OrderBy(r => r.Item1).ThenBy(r => r.Item2));
        Assert.Equal(
            [("2026-05-01T00:00Z", "2026-05-01", (decimal?)0.2m, 1), ("2026-04-30T23:00Z", "2026-04-30", 0.1m, 0)],
            byHour.Select(r => ((string)r!["hour"]!, (string)r["day"]!, (decimal?)r["cost"], (int)r["costUnknownRecords"]!)));
    }

    [Fact]
    public async Task GroupBy_AnUnknownKey_OrNoKey_IsInvalidParamsNamingGroupBy()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var unknown = await server.CallErrorAsync("get_usage_breakdown", new { groupBy = new[] { "model", "galaxy" } });
        var notAList = await server.CallErrorAsync("get_usage_breakdown", new { groupBy = "model" });
        var empty = await server.CallErrorAsync("get_usage_breakdown", new { groupBy = Array.Empty<string>() });
        var twice = await server.CallErrorAsync("get_usage_breakdown", new { groupBy = new[] { "day", "day" } });

        Assert.All([unknown, notAList, empty, twice], e => Assert.Equal(-32602, (int)e["code"]!));
        Assert.All([unknown, notAList, empty, twice], e => Assert.Equal("groupBy", (string?)e["data"]!["details"]!["field"]));
        Assert.Contains("galaxy", (string)unknown["message"]!, StringComparison.Ordinal);
    }
}
