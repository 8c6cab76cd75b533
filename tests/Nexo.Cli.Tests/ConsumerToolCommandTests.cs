using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nexo.Cli.Tests;

/// <summary>
/// A program that embeds <c>nexo</c> with a C# tool of its own (<c>tests/Nexo.TestToolHost</c>: <c>CliApp.RunAsync</c>
/// with <c>o.Tools.Add(weather)</c>), run as a process: the tool works in <c>chat</c> and over <c>serve</c>'s JSON-RPC.
/// </summary>
public sealed class ConsumerToolCommandTests : IDisposable
{
    private static readonly string ToolHostDll = typeof(ConsumerToolCommandTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestToolHostDll").Value!;

    private readonly NexoHome _home = new();

    public void Dispose() => _home.Dispose();

    private async Task<CliResult> RunToolHostAsync(params string[] args)
    {
        using var process = _home.Start([ToolHostDll, .. args], "dotnet");
        process.StandardInput.Close();
        return await NexoHome.CollectAsync(process);
    }

    private async Task SeedEchoConnectionAsync()
    {
        await using var nexo = await _home.OpenAsync();
        await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "offline", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost" });
    }

    [Fact]
    public async Task ChatYesAll_RunsTheEmbeddersTool_AndStoresUserAssistantToolAssistant()
    {
        await SeedEchoConnectionAsync();

        var r = await RunToolHostAsync("chat", "--yes-all", """/tool weather {"city":"Paris"}""");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("Tool weather returned: Sunny in Paris\n", r.StdOut);
        Assert.Contains("→ weather {\"city\":\"Paris\"}", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("✓ weather Sunny in Paris", r.StdErr, StringComparison.Ordinal);
        await using var nexo = await _home.OpenAsync();
        var workspace = await nexo.Workspaces.GetOrCreateDefaultAsync();
        var chat = Assert.Single((await nexo.Chats.ListAsync(workspace.Id)).Items);
        var branch = await nexo.Messages.GetActiveBranchAsync(chat.Id);
        Assert.Equal([MessageRole.User, MessageRole.Assistant, MessageRole.Tool, MessageRole.Assistant], branch.Select(m => m.Role));
        Assert.Equal("weather", Assert.Single(branch[1].ToolCalls!).Name);
        Assert.Equal("Sunny in Paris", branch[2].Content);
    }

    [Fact]
    public async Task ChatWithoutATerminal_DeniesTheEmbeddersTool_WithTheSameMessageAsAnMcpTool()
    {
        await SeedEchoConnectionAsync();

        var r = await RunToolHostAsync("chat", """/tool weather {"city":"Paris"}""");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("warning: denied the tool call 'weather': there is no terminal to ask for permission. Pass --yes-all, or --allow-tool weather, to allow it.", r.StdErr, StringComparison.Ordinal);
        Assert.Equal("Tool weather returned: Error: The user denied this tool call.\n", r.StdOut);
    }

    [Fact]
    public async Task PlainNexo_DoesNotHaveTheTool()
    {
        await SeedEchoConnectionAsync();

        var r = await _home.RunAsync("chat", "--yes", """/tool weather {"city":"Paris"}""");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("Tool weather returned: Error: Unknown tool 'weather': it is not enabled in this workspace.\n", r.StdOut);
    }

    [Fact]
    public async Task Serve_OffersTheEmbeddersTool_ThroughThePermissionRoundTrip()
    {
        await SeedEchoConnectionAsync();
        using var process = _home.Start([ToolHostDll, "serve", "--framing", "newline"], "dotnet");
        var stdin = process.StandardInput;
        var stdout = process.StandardOutput;
        var received = new List<JsonNode>();

        async Task SendAsync(JsonObject message)
        {
            await stdin.WriteLineAsync(message.ToJsonString());
            await stdin.FlushAsync();
        }

        async Task<JsonNode> ReadUntilAsync(Func<JsonNode, bool> done)
        {
            while (true)
            {
                var line = await stdout.ReadLineAsync() ?? throw new InvalidOperationException("serve closed stdout");
                var message = JsonNode.Parse(line)!;
                received.Add(message);
                if (done(message))
                {
                    return message;
                }
            }
        }

        JsonObject Request(object id, string method, object? parameters) =>
            new() { ["jsonrpc"] = "2.0", ["id"] = JsonValue.Create(id), ["method"] = method, ["params"] = parameters is null ? null : JsonSerializer.SerializeToNode(parameters) };

        await SendAsync(Request(1, "initialize", new { clientInfo = new { name = "tool-test", version = "1" }, capabilities = new { } }));
        await ReadUntilAsync(m => m["id"]?.GetValue<int>() == 1);
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "initialized", ["params"] = new JsonObject() });
        await SendAsync(Request(2, "create_workspace", new { name = "rpc" }));
        var workspace = (string)(await ReadUntilAsync(m => m["id"]?.GetValue<int>() == 2))["result"]!["id"]!;
        await SendAsync(Request(3, "create_chat", new { workspaceId = workspace, title = "t" }));
        var chat = (string)(await ReadUntilAsync(m => m["id"]?.GetValue<int>() == 3))["result"]!["id"]!;

        await SendAsync(Request(4, "send_message", new { chatId = chat, content = """/tool weather {"city":"Oslo"}""" }));
        var ask = (await ReadUntilAsync(m => (string?)m["method"] == "tool-permission-request"))["params"]!;
        await SendAsync(Request(5, "respond_tool_permission", new { messageId = (string)ask["messageId"]!, approved = true }));
        var response = await ReadUntilAsync(m => m["id"]?.GetValue<int>() == 4);
        await SendAsync(Request(6, "shutdown", null));
        await ReadUntilAsync(m => m["id"]?.GetValue<int>() == 6);
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "exit" });
        var exit = await NexoHome.CollectAsync(process);

        var call = ask["toolCalls"]![0]!;
        Assert.Equal(("weather", "Oslo"), ((string?)call["name"], (string?)call["arguments"]!["city"]));
        Assert.Null(call["serverId"]);
        Assert.Equal("Tool weather returned: Sunny in Oslo", (string?)response["result"]!["assistantMessage"]!["content"]);
        Assert.Equal("end_turn", (string?)response["result"]!["stopReason"]);
        var statuses = received.Where(m => (string?)m["method"] == "tool-execution-progress").Select(m => (string?)m["params"]!["status"]).ToList();
        Assert.Equal(["executing", "completed"], statuses);
        Assert.Equal(0, exit.ExitCode);
    }
}
