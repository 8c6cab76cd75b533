using System.Text.Json;
using Microsoft.Extensions.AI;
using Nexo.Sdk.Tests.Chats;
using Nexo.Security;

namespace Nexo.Sdk.Tests.Mcp;

/// <summary>Issue 12, item 3: an MCP server's secrets never reach last_error, status events or tool error texts.</summary>
public sealed class McpSecretRedactionTests
{
    private const string Token = "s3cr3t-value";

    [Fact]
    public async Task AServerThatPrintsItsTokenToStderrAndExits_LeavesItOutOfLastErrorTheStatusEventAndTheToolError()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var server = await nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "leaky",
            Transport = McpTransportKind.Stdio,
            Command = "sh",
            Args = ["-c", "echo \"starting with TOKEN=$TOKEN\" >&2; echo \"GET https://me:pw-0123@h.example/mcp?api_key=k-9876543210\" >&2; exit 7"],
            Env = new Dictionary<string, string> { ["TOKEN"] = Token },
        });
        using var recorder = new StatusRecorder(nexo, server.Id);

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.Mcp.ConnectAsync(server.Id));
        var call = await nexo.Mcp.CallToolAsync(server.Id, null, "anything", null, null, CancellationToken.None);

        var stored = (await nexo.McpServers.GetAsync(server.Id)).LastError;
        Assert.NotNull(stored);
        Assert.Contains("starting with TOKEN=***", stored, StringComparison.Ordinal);
        Assert.True(call.IsError);
        foreach (var text in new[] { ex.Message, stored!, call.Text }.Concat(recorder.Events.Select(e => e.Error ?? string.Empty)).Concat(call.Content.Select(c => c.Text ?? string.Empty)))
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("pw-0123", text, StringComparison.Ordinal);
            Assert.DoesNotContain("k-9876543210", text, StringComparison.Ordinal);
        }

        Assert.Contains(recorder.Events, e => e.Status == McpServerStatus.Error && e.Error!.Contains("TOKEN=***", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AToolPrintingTheServersOwnSecret_IsRedactedInTheStoredToolMessageTheEventsAndWhatTheModelReads()
    {
        const string secret = "tok-0123456789abcdef";
        await using var h = await ChatHarness.CreateAsync();
        var server = await h.Nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer(
            "printer", env: new Dictionary<string, string> { ["NEXO_TOKEN"] = secret, ["NEXO_PORT"] = "8080" }));
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch
        {
            ToolPermissionMode = ToolPermissionMode.AllowAll,
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { [server.Id] = ["env", "weather"] },
        });
        var chat = await h.NewChatAsync();
        h.Model.Enqueue(
            Step.Call("c-token", "env", new Dictionary<string, object?> { ["name"] = "NEXO_TOKEN" }),
            Step.Call("c-port", "env", new Dictionary<string, object?> { ["name"] = "NEXO_PORT" }),
            Step.Call("c-weather", "weather", new Dictionary<string, object?> { ["city"] = "in " + secret }));
        h.Model.Enqueue(Step.Text("done"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "print your token" });

        var tools = (await h.Nexo.Messages.GetActiveBranchAsync(chat.Id)).Where(m => m.Role == MessageRole.Tool).ToList();
        Assert.Equal(3, tools.Count);
        // The value did reach the server (it answered with exactly the secret, which became the mask); a short value stays.
        Assert.Contains(tools, m => m.Content == SecretRedactor.Mask);
        Assert.Contains(tools, m => m.Content == "8080");
        Assert.Contains(tools, m => m.Content.Contains("in " + SecretRedactor.Mask, StringComparison.Ordinal));
        var second = h.Model.Requests.Skip(1).First().Messages;
        var sentResults = second.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => r.Result?.ToString() ?? string.Empty).ToList();
        Assert.Equal(3, sentResults.Count);
        Assert.Contains(SecretRedactor.Mask, sentResults);
        // (The model's own call arguments hold the secret here, so only what the tools answered is checked.)
        Assert.Equal(3, Assert.Single(h.Events.OfType<ToolExecutionCompletedEvent>()).SuccessfulCount);
        foreach (var text in tools.Select(m => JsonSerializer.Serialize(m with { ToolCalls = null })).Concat(sentResults).Concat(h.Events.Where(e => e is ToolExecutionCompletedEvent or ToolExecutionProgressEvent or ToolExecutionErrorEvent).Select(e => JsonSerializer.Serialize(e, e.GetType()))))
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        var direct = await h.Nexo.Mcp.CallToolAsync(server.Id, "weather", JsonDocument.Parse($$"""{"city":"{{secret}}"}""").RootElement);
        Assert.False(direct.IsError);
        Assert.DoesNotContain(secret, direct.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, direct.StructuredContent!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(SecretRedactor.Mask, direct.StructuredContent!.Value.GetProperty("city").GetString());
    }

    [Fact]
    public async Task SecretArguments_AreStoredEncryptedListedMasked_AndTheServerStartsWithTheRealOnes()
    {
        const string key = "argkey-0123456789abcdef";
        const string token = "argtok-fedcba9876543210";
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var created = await nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer("args", extraArgs: ["--api-key", key, "--token=" + token, "--verbose"]));

        Assert.Equal(["--api-key", SecretRedactor.Mask, "--token=" + SecretRedactor.Mask, "--verbose"], created.Args.Skip(1));
        await using (var raw = db.OpenRaw())
        {
            using var read = raw.CreateCommand();
            read.CommandText = "SELECT args FROM mcp_servers";
            var stored = (string)read.ExecuteScalar()!;
            Assert.DoesNotContain(key, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(token, stored, StringComparison.Ordinal);
            Assert.Contains("--verbose", stored, StringComparison.Ordinal);
        }

        Assert.Equal([key, token], await SecretArgumentsSeenAsync(nexo, created.Id));

        // A change that leaves the arguments alone keeps them: the restarted server still gets the real values.
        await nexo.McpServers.UpdateAsync(created.Id, new McpServerUpdate { TimeoutSeconds = 31 });
        Assert.Equal([key, token], await SecretArgumentsSeenAsync(nexo, created.Id));
        Assert.Equal(created.Args, (await nexo.McpServers.GetAsync(created.Id)).Args);
    }

    private static async Task<string[]> SecretArgumentsSeenAsync(NexoClient nexo, string serverId)
    {
        var result = await nexo.Mcp.CallToolAsync(serverId, "argv", null);
        Assert.False(result.IsError, result.Text);
        var argv = result.Text.Split('\n').Select(a => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(a))).ToList();
        var at = argv.IndexOf("--api-key");
        return [argv[at + 1], argv.Single(a => a.StartsWith("--token=", StringComparison.Ordinal))["--token=".Length..]];
    }
}
