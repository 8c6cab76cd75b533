using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Nexo.Sdk.Tests.Chats;

namespace Nexo.JsonRpcServer.Tests.Acp;

/// <summary>Slash commands over ACP: <c>available_commands_update</c> and prompts starting with <c>/name</c>, with the real npm <c>server-everything</c>.</summary>
public sealed class AcpSlashCommandTests
{
    private static readonly string EverythingScript = Path.Combine(
        Path.GetFullPath(typeof(AcpSlashCommandTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "McpServersFolder").Value!),
        "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    [Fact]
    public async Task Sessions_AnnounceTheCommands_RunOneFromThePromptText_AndAnnounceAChangedList()
    {
        await using var h = await CreateAsync();
        h.Model.Fallback = () => [Step.Text("Sunny.")];

        var session = await h.NewSessionAsync();
        var announced = await h.Client.WaitForUpdateAsync(IsCommands);
        var result = await h.Client.RequestObjectAsync("session/prompt", AcpHarness.Prompt(session, "/args-prompt Lyon"));
        await h.Nexo.Prompts.CreateAsync(new NewPrompt { Name = "summarize", Content = "Summarize {{text}}." });
        await h.Client.RequestObjectAsync("session/prompt", AcpHarness.Prompt(session, "/nothing-like-it stays a message"));
        var changed = await h.Client.WaitForUpdateAsync(u => IsCommands(u) && Names(u).Contains("summarize"));

        var commands = announced["update"]!["availableCommands"]!.AsArray();
        var args = commands.Single(c => (string?)c!["name"] == "args-prompt")!;
        Assert.Equal("city [state]", (string?)args["input"]!["hint"]);
        Assert.Null(commands.Single(c => (string?)c!["name"] == "simple-prompt")!["input"]);
        Assert.Equal("file focus", (string?)commands.Single(c => (string?)c!["name"] == "review")!["input"]!["hint"]);
        Assert.Equal("end_turn", (string)result["stopReason"]!);
        Assert.Contains(h.Model.Requests.First().Messages, m => m.Role == ChatRole.User && m.Text == "What's weather in Lyon?");
        var users = (await h.Nexo.Messages.GetActiveBranchAsync(session)).Where(m => m.Role == MessageRole.User).Select(m => m.Content);
        Assert.Equal(["What's weather in Lyon?", "/nothing-like-it stays a message"], users);
        Assert.Equal(2, h.Client.UpdatesOf(session).Count(u => (string)u["sessionUpdate"]! == "available_commands_update"));
        Assert.Contains("args-prompt", Names(changed));
    }

    [Fact]
    public async Task ACommandWithAMissingArgument_IsAnInvalidParamsError_AndStoresNothing()
    {
        await using var h = await CreateAsync();
        var session = await h.NewSessionAsync();

        var error = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/prompt", AcpHarness.Prompt(session, "/review src/a.cs")));
        var unknown = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/prompt", AcpHarness.Prompt(session, "/simple-prompt extra words")));

        Assert.Equal(-32602, error.Code);
        Assert.Contains("focus", error.Message, StringComparison.Ordinal);
        Assert.Contains("takes no arguments", unknown.Message, StringComparison.Ordinal);
        Assert.Empty(await h.Nexo.Messages.GetActiveBranchAsync(session));
        Assert.Empty(h.Model.Requests);
    }

    private static bool IsCommands(JsonObject update) => (string?)update["update"]!["sessionUpdate"] == "available_commands_update";

    private static List<string> Names(JsonObject update) => update["update"]!["availableCommands"]!.AsArray().Select(c => (string)c!["name"]!).ToList();

    private static async Task<AcpHarness> CreateAsync()
    {
        Assert.True(File.Exists(EverythingScript), $"Run 'npm ci' in tests/mcp-servers first ({EverythingScript}).");
        var h = await AcpHarness.CreateAsync(withTools: false, realMcp: true);
        var server = await h.Nexo.McpServers.CreateAsync(new NewMcpServer { Name = "everything", Transport = McpTransportKind.Stdio, Command = "node", Args = [EverythingScript, "stdio"] });
        var workspace = await h.Nexo.Workspaces.GetOrCreateForFolderAsync(h.Project);
        await h.Nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch { McpToolIds = new Dictionary<string, IReadOnlyList<string>> { [server.Id] = [] } });
        await h.Nexo.Prompts.CreateAsync(new NewPrompt { Name = "review", Content = "Review {{file}} for {{focus}}." });
        return h;
    }
}
