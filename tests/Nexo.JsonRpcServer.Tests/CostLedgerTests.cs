using System.Text.Json.Nodes;
using Nexo.Testing;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>The cost ledger through the real server process: prices, costs of streamed turns, the monthly budget.</summary>
public sealed class CostLedgerTests
{
    [Fact]
    public async Task PricedStreamedTurn_RecordsItsCost_SummaryAndBreakdownCarryIt_AndAnUnpricedTurnIsCountedUnknown()
    {
        await using var turn = await TurnFixture.StartAsync();
        var price = await turn.Server.CallAsync("set_model_price", new { model = "fake-model", inputPerMillion = 2.5m, outputPerMillion = 10, cachedInputPerMillion = 1.25m });
        turn.Provider.Enqueue(FakeResponse.Text("priced").WithUsage(1_000, 500));
        await turn.Server.CallAsync("send_message", new { chatId = turn.ChatId, content = "first" });

        var log = (await turn.Server.CallAsync("get_usage_logs")).AsArray().Single()!;
        var summary = await turn.Server.CallAsync("get_usage_summary", new { filter = new { workspaceId = turn.WorkspaceId } });
        var row = (await turn.Server.CallAsync("get_usage_breakdown")).AsArray().Single()!;
        var prices = await turn.Server.CallAsync("get_model_prices", new { connectionId = turn.ConnectionId });

        Assert.Equal((2.5m, 1.25m), ((decimal)price["inputPerMillion"]!, (decimal)price["cachedInputPerMillion"]!));
        Assert.Equal(0.0075m, (decimal)log["cost"]!); // 1000 x 2.5 + 500 x 10 = 7500 USD per million tokens
        Assert.Equal((0.0075m, 0), ((decimal)summary["cost"]!, (int)summary["costUnknownRecords"]!));
        Assert.Equal((0.0075m, 0), ((decimal)row["cost"]!, (int)row["costUnknownRecords"]!));
        Assert.Equal("fake-model", (string?)prices.AsArray().Single()!["model"]);

        var deleted = await turn.Server.CallAsync("delete_model_price", new { model = "fake-model" });
        turn.Provider.Enqueue(FakeResponse.Text("unpriced").WithUsage(1_000, 500));
        await turn.Server.CallAsync("send_message", new { chatId = turn.ChatId, content = "second" });
        var newest = (await turn.Server.CallAsync("get_usage_logs")).AsArray()[0]!;
        var after = await turn.Server.CallAsync("get_usage_summary");

        Assert.True((bool)deleted["deleted"]!);
        Assert.Null((decimal?)newest["cost"]);
        Assert.Equal((0.0075m, 1, 2), ((decimal)after["cost"]!, (int)after["costUnknownRecords"]!, (int)after["totalRequests"]!));
    }

    [Fact]
    public async Task Budget_WarnsWithABudgetWarningNotification_ThenRefusesSendMessageAt100Percent_UnlessIgnoreBudget()
    {
        await using var turn = await TurnFixture.StartAsync();
        var settings = await turn.Server.CallAsync("save_workspace_settings", new { workspaceId = turn.WorkspaceId, monthlyBudgetUsd = 0.01m });
        await turn.Server.CallAsync("set_model_price", new { model = "fake-model", inputPerMillion = 10, outputPerMillion = 0 });
        turn.Provider.Enqueue(FakeResponse.Text("all of it").WithUsage(1_000, 7), FakeResponse.Text("anyway").WithUsage(1, 1));
        await turn.Server.CallAsync("send_message", new { chatId = turn.ChatId, content = "spend" });
        var warning = (await turn.Server.NotificationsUntilAsync("budget-warning")).Last()["params"]!;

        var refused = await turn.Server.CallErrorAsync("send_message", new { chatId = turn.ChatId, content = "more" });
        var messages = await turn.Server.CallAsync("get_messages", new { chatId = turn.ChatId });
        var anyway = await turn.Server.CallAsync("send_message", new { chatId = turn.ChatId, content = "more", ignoreBudget = true });

        Assert.Equal(0.01m, (decimal)settings["monthlyBudgetUsd"]!);
        Assert.Equal((turn.WorkspaceId, 0.01m, 0.01m, 100), ((string)warning["workspaceId"]!, (decimal)warning["spent"]!, (decimal)warning["budget"]!, (int)warning["percent"]!));
        Assert.Equal(-32013, (int)refused["code"]!); // PermissionDenied
        Assert.Contains("monthly budget", (string)refused["message"]!, StringComparison.Ordinal);
        Assert.Equal("budget", (string?)refused["data"]!["details"]!["reason"]);
        Assert.Equal(2, messages.AsArray().Count); // the refused turn stored nothing
        Assert.Equal("anyway", (string?)anyway["assistantMessage"]!["content"]);
    }

    [Fact]
    public async Task ImportModelPrices_StoresAPriceFile_AndRejectsAnInvalidOneWhole()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var file = JsonNode.Parse("""{"currency": "USD", "prices": [{"model": "a", "inputPerMillion": 1.5, "outputPerMillion": 6, "reasoningPerMillion": 12}, {"model": "b", "inputPerMillion": 0.1, "outputPerMillion": 0.4}]}""");

        var imported = await server.CallAsync("import_model_prices", new { file });
        var invalid = await server.CallErrorAsync("import_model_prices", new { file = JsonNode.Parse("""{"prices": [{"model": "c", "inputPerMillion": 1, "outputPerMillion": 1}, {"model": "d", "inputPerMillion": 0.0000001, "outputPerMillion": 1}]}""") });
        var negative = await server.CallErrorAsync("set_model_price", new { model = "e", inputPerMillion = -1, outputPerMillion = 1 });
        var all = await server.CallAsync("get_model_prices");

        Assert.Equal(["a", "b"], imported.AsArray().Select(p => (string)p!["model"]!));
        Assert.Equal(12m, (decimal)imported[0]!["reasoningPerMillion"]!);
        Assert.Equal(-32602, (int)invalid["code"]!);
        Assert.Equal("prices[1].inputPerMillion", (string?)invalid["data"]!["details"]!["field"]);
        Assert.Equal(-32602, (int)negative["code"]!);
        Assert.Equal(["a", "b"], all.AsArray().Select(p => (string)p!["model"]!));
    }
}
