using System.Text.Json.Nodes;
using Nexo.JsonRpcServer.Tests.Acp;
using Nexo.Testing;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>Issue 12, item 1, through the JSON-RPC host: two calls under one provider id are two permission decisions.</summary>
public sealed class DuplicateToolCallIdTests
{
    [Fact]
    public async Task TwoCallsUnderOneProviderId_AreListedSeparately_AndAllowingOneRunsOnlyThatOne()
    {
        await using var fixture = await TurnFixture.StartAsync();
        var server = fixture.Server;
        var mcp = await server.CallAsync("create_mcp_server_connection", new { name = "calc", type = "stdio", command = "dotnet", args = new[] { AcpHarness.TestMcpServerDll } });
        await server.CallAsync("save_workspace_settings", new
        {
            workspaceId = fixture.WorkspaceId,
            mcpToolIds = new Dictionary<string, string[]> { [(string)mcp["id"]!] = ["add", "echo"] },
            toolPermissionMode = "ask",
        });
        fixture.Provider.Responder = r => r.Json!["messages"]!.AsArray().Last()!["role"]!.GetValue<string>() == "tool"
            ? FakeResponse.Text("results: " + string.Join(" | ", r.Json!["messages"]!.AsArray().Where(m => (string?)m!["role"] == "tool").Select(m => (string)m!["content"]!)))
            : FakeResponse.Empty.WithToolCall("add", """{"a":2,"b":3}""", "call_dup").WithToolCall("echo", """{"text":"hi"}""", "call_dup");

        var pending = server.RequestAsync("send_message", new { chatId = fixture.ChatId, content = "both" }, id: "dup-turn");
        var request = (await server.NotificationsUntilAsync("tool-permission-request"))[^1]["params"]!;
        var calls = request["toolCalls"]!.AsArray();
        var add = calls.Single(c => (string?)c!["name"] == "add")!;
        await server.CallAsync("respond_tool_permission", new { messageId = (string)request["messageId"]!, approved = true, allowedToolIds = new[] { (string)add["id"]! } });
        var response = await pending;

        Assert.Equal(2, calls.Select(c => (string)c!["id"]!).Distinct().Count());
        Assert.Equal("results: 5 | Error: The user denied this tool call.", (string?)response["result"]!["assistantMessage"]!["content"]);
        var statuses = server.Received.Where(m => (string?)m["method"] == "tool-execution-progress")
            .Select(m => ((string?)m["params"]!["toolName"], (string?)m["params"]!["status"])).ToList();
        Assert.DoesNotContain(("echo", "executing"), statuses);
        Assert.Contains(("echo", "denied"), statuses);
    }
}
