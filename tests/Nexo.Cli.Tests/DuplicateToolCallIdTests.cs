using System.Text.Json.Nodes;
using Nexo.Testing;

namespace Nexo.Cli.Tests;

/// <summary>Issue 12, item 1: a provider that sends two calls under one id; `--allow-tool` allows exactly the named one.</summary>
public sealed class DuplicateToolCallIdTests : IAsyncLifetime
{
    private readonly NexoHome _home = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeProvider.StartAsync(_home);
        await _home.AddTestMcpServerAsync("calc", "add", "echo");
        FakeProvider.Answer(_server, r => r.Json!["messages"]!.AsArray().Last()!["role"]!.GetValue<string>() == "tool"
            ? FakeResponse.Text("tool said: " + string.Join(" | ", r.Json!["messages"]!.AsArray().Reverse().TakeWhile(m => m!["role"]!.GetValue<string>() == "tool")
                .Reverse().Select(m => m!["content"]!.GetValue<string>())))
            : FakeResponse.Empty.WithToolCall("add", """{"a":2,"b":3}""", "call_dup").WithToolCall("echo", """{"text":"hi"}""", "call_dup"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task AllowTool_WithTwoCallsUnderOneProviderId_RunsOnlyTheAllowedTool()
    {
        var r = await _home.RunAsync("chat", "use both tools", "--allow-tool", "calc/add");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("tool said: 5 | Error: The user denied this tool call.\n", r.StdOut);
        Assert.Contains("denied the tool call 'echo'", r.StdErr, StringComparison.Ordinal);

        // The provider is sent two distinct ids, each result paired with its own call.
        var replay = _server.Requests.Select(q => q.Json!["messages"]!.AsArray()).Last(m => m.Any(x => (string?)x!["role"] == "tool"));
        var callIds = replay.Single(m => m!["tool_calls"] is JsonArray)!["tool_calls"]!.AsArray().Select(c => (string)c!["id"]!).ToList();
        Assert.Equal(2, callIds.Distinct().Count());
        Assert.Equal(callIds, replay.Where(m => (string?)m!["role"] == "tool").Select(m => (string)m!["tool_call_id"]!));
    }
}
