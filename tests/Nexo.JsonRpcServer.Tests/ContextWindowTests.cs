using Nexo.Testing;

namespace Nexo.JsonRpcServer.Tests;

/// <summary><c>save_workspace_settings {contextStrategy}</c> and the <c>context-compacted</c> notification through the real server process.</summary>
public sealed class ContextWindowTests
{
    private static string Long(string word) => string.Join(' ', Enumerable.Repeat($"{word} harbour depth soundings", 30));

    [Fact]
    public async Task AHistoryLongerThanTheWindow_IsSummarized_TheClientIsNotified_AndTheSummaryIsStoredOnTheBranch()
    {
        await using var turn = await TurnFixture.StartAsync();
        await turn.Server.CallAsync("update_llm_connection", new { id = turn.ConnectionId, models = new[] { new { id = "fake-model", contextWindow = 400 } } });
        var settings = await turn.Server.CallAsync("save_workspace_settings", new { workspaceId = turn.WorkspaceId, contextStrategy = "summarize" });
        Assert.Equal("summarize", (string?)settings["contextStrategy"]);
        turn.Provider.Responder = r => r.Body.Contains("You compact conversations", StringComparison.Ordinal)
            ? FakeResponse.Text("The user described alpha soundings.")
            : FakeResponse.Text("Noted.");

        await turn.Server.CallAsync("send_message", new { chatId = turn.ChatId, content = Long("alpha") });
        turn.Server.DrainNotifications();
        var result = await turn.Server.CallAsync("send_message", new { chatId = turn.ChatId, content = Long("beta") });

        var seen = await turn.Server.NotificationsUntilAsync("context-compacted");
        var compacted = seen[^1]["params"]!;
        Assert.Equal((turn.ChatId, "summarize", "window", 400, 2), ((string?)compacted["chatId"], (string?)compacted["strategy"], (string?)compacted["reason"], (int)compacted["contextWindow"]!, (int)compacted["compactedMessages"]!));
        Assert.DoesNotContain(seen, n => (string?)n["method"] == "message-started"); // announced before the answer it is made for
        var messages = (await turn.Server.CallAsync("get_messages", new { chatId = turn.ChatId })).AsArray();
        var summary = messages.Single(m => (string?)m!["role"] == "system")!;
        Assert.Equal((string?)compacted["summaryMessageId"], (string?)summary["id"]);
        Assert.Equal("The user described alpha soundings.", (string?)summary["content"]);
        Assert.Equal(2, (int)summary["metadata"]!["summary"]!["messages"]!);
        Assert.Equal((string?)summary["id"], (string?)messages.Single(m => (string?)m!["id"] == (string?)result["assistantMessageId"])!["parentId"]);
        Assert.Contains("The user described alpha soundings.", turn.Provider.ChatRequests[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveWorkspaceSettings_AnUnknownContextStrategy_IsInvalidParams()
    {
        await using var turn = await TurnFixture.StartAsync();

        var error = await turn.Server.CallErrorAsync("save_workspace_settings", new { workspaceId = turn.WorkspaceId, contextStrategy = "forget" });

        Assert.Equal(-32602, (int)error["code"]!);
        Assert.Equal("contextStrategy", (string?)error["data"]!["details"]!["field"]);
    }
}
