using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Nexo.JsonRpcServer.Acp;

namespace Nexo.JsonRpcServer.Tests.Acp;

/// <summary>The real <c>nexo-jsonrpc --protocol acp</c> process over its stdin and stdout.</summary>
public sealed class AcpProcessTests
{
    [Fact]
    public async Task Process_ServesAcpOnStdio_WithTheEchoProviderFromTheEnvironment_AndExitsWhenStdinCloses()
    {
        var folder = Path.Combine(Path.GetTempPath(), "nexo-acp-tests", Guid.NewGuid().ToString("N"));
        var project = Path.Combine(folder, "project");
        Directory.CreateDirectory(project);
        var host = Path.Combine(AppContext.BaseDirectory, "nexo-jsonrpc.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { host, "--protocol", "acp", "--db", await TestStore.DbArgumentAsync(folder), "--log-level", "Information" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in TestStore.HostEnvironment(folder))
        {
            start.Environment[name] = value;
        }

        start.Environment["NEXO_PROVIDER"] = "echo";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await using (var client = new AcpTestClient(process.StandardOutput.BaseStream, process.StandardInput.BaseStream))
            {
                await client.RequestAsync("initialize", AcpTestClient.Initialize());
                var newSession = new JsonObject { ["cwd"] = project, ["mcpServers"] = new JsonArray() };
                var auth = await Assert.ThrowsAsync<AcpError>(() => client.RequestAsync("session/new", newSession));
                Assert.Equal(-32000, auth.Code);
                await client.RequestAsync("authenticate", new JsonObject { ["methodId"] = "nexo-env" });
                var session = (string)(await client.RequestObjectAsync("session/new", newSession))["sessionId"]!;

                var result = await client.RequestObjectAsync("session/prompt", AcpHarness.Prompt(session, "echo this back"));

                Assert.Equal("end_turn", (string)result["stopReason"]!);
                var text = string.Concat(client.UpdatesOf(session).Where(u => (string)u["sessionUpdate"]! == "agent_message_chunk").Select(u => (string)u["content"]!["text"]!));
                Assert.Equal("echo this back", text);
                Assert.All(client.Lines, line => Assert.StartsWith("{\"jsonrpc\":\"2.0\"", line, StringComparison.Ordinal));
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("ACP agent listening", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            SqliteConnection.ClearAllPools();
            await TestStore.ReleaseAsync(folder);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task CommandLine_IgnoresOtherProtocols_AndRejectsUnknownOptions()
    {
        Assert.Null(await AcpCommandLine.TryRunAsync(["--framing", "newline"]));
        Assert.Null(await AcpCommandLine.TryRunAsync(["--protocol", "lsp"]));
        Assert.Equal(2, await AcpCommandLine.RunAsync(["--nope"]));
    }
}
