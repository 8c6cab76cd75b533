using System.Text.Json.Nodes;

namespace Nexo.Cli.Tests;

public sealed class ServeCommandTests : IDisposable
{
    private readonly NexoHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Serve_SpeaksJsonRpcOnStdio_OverTheSameDatabase()
    {
        using var process = _home.Start(["serve", "--framing", "newline"], null);
        var stdin = process.StandardInput;
        var stdout = process.StandardOutput;

        async Task<JsonNode> CallAsync(int id, string method, object? parameters)
        {
            await stdin.WriteLineAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(parameters) }.ToJsonString());
            await stdin.FlushAsync();
            while (true)
            {
                var line = await stdout.ReadLineAsync() ?? throw new InvalidOperationException("nexo serve closed stdout");
                var message = JsonNode.Parse(line)!;
                if (message["id"]?.GetValue<int>() == id)
                {
                    return message;
                }
            }
        }

        var initialize = await CallAsync(1, "initialize", new { clientInfo = new { name = "cli-test", version = "1" }, capabilities = new { } });
        await stdin.WriteLineAsync("""{"jsonrpc":"2.0","method":"initialized","params":{}}""");
        var created = await CallAsync(2, "create_workspace", new { name = "over-rpc" });
        var shutdown = await CallAsync(3, "shutdown", null);
        await stdin.WriteLineAsync("""{"jsonrpc":"2.0","method":"exit"}""");
        await stdin.FlushAsync();
        var result = await NexoHome.CollectAsync(process);
        var list = await _home.RunAsync("workspace", "list", "--json");

        Assert.NotNull(initialize["result"]);
        Assert.Equal("over-rpc", created["result"]!["name"]!.GetValue<string>());
        Assert.Null(shutdown["error"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.StdOut);
        Assert.Equal("over-rpc", Assert.Single(list.Json.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Serve_EndsWhenStdinCloses_AndRejectsAnUnknownFraming()
    {
        var closed = await _home.RunAsync("serve");
        var badFraming = await _home.RunAsync("serve", "--framing", "xml");

        Assert.Equal(0, closed.ExitCode);
        Assert.Equal(string.Empty, closed.StdOut);
        Assert.Equal(2, badFraming.ExitCode);
    }
}
