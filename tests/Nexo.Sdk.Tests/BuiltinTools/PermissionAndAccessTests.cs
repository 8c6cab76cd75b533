using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Nexo.Sdk.Tests.Chats;

namespace Nexo.Sdk.Tests.BuiltinTools;

/// <summary>
/// The built-in tools at the permission gate (ask, allow_reads, allow_all, rules), the previews in a permission
/// request, a turn's <see cref="WorkspaceAccess"/>, and a turn tool replacing a built-in one.
/// </summary>
public sealed class PermissionAndAccessTests
{
    private static Dictionary<string, object?> Args(params (string Name, object? Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    /// <summary>Answers every permission request with <paramref name="approve"/>, recording the requests.</summary>
    private static IDisposable Answer(BuiltinToolHarness h, bool approve, ConcurrentQueue<ToolPermissionRequestEvent> asked) =>
        h.Nexo.Events.Subscribe(e =>
        {
            if (e is ToolPermissionRequestEvent r)
            {
                asked.Enqueue(r);
                _ = h.Nexo.Chats.RespondToolPermissionAsync(new ToolPermissionResponse { MessageId = r.MessageId, Approved = approve });
            }
        });

    /// <summary>Calls each tool once (approving every request) and returns the names of the tools that were asked about.</summary>
    private static async Task<List<string>> AskedAboutAsync(BuiltinToolHarness h)
    {
        h.Write("f.txt", "one\n");
        var asked = new ConcurrentQueue<ToolPermissionRequestEvent>();
        using var answer = Answer(h, approve: true, asked);
        var calls = new (string Tool, Dictionary<string, object?> Args)[]
        {
            ("read_file", Args(("path", "f.txt"))),
            ("list_directory", Args()),
            ("find_files", Args(("pattern", "*"))),
            ("search_text", Args(("pattern", "one"))),
            ("write_file", Args(("path", "g.txt"), ("content", "two\n"))),
            ("edit_file", Args(("path", "f.txt"), ("oldText", "one"), ("newText", "uno"))),
            ("run_command", Args(("argv", new[] { "true" }))),
            ("update_plan", Args(("entries", Array.Empty<object>()))),
        };
        foreach (var (tool, args) in calls)
        {
            Assert.Equal(MessageStatus.Complete, (await h.CallAsync(tool, args)).Status);
        }

        return asked.SelectMany(r => r.ToolCalls).Select(c => c.Name).ToList();
    }

    [Fact]
    public async Task AskMode_AsksForEveryBuiltinToolButUpdatePlan()
    {
        await using var h = await BuiltinToolHarness.CreateAsync(mode: ToolPermissionMode.Ask);

        var asked = await AskedAboutAsync(h);

        Assert.Equal(["read_file", "list_directory", "find_files", "search_text", "write_file", "edit_file", "run_command"], asked);
    }

    [Fact]
    public async Task AllowReadsMode_RunsTheReadingToolsWithoutAsking_AndAsksForWritingAndRunning()
    {
        await using var h = await BuiltinToolHarness.CreateAsync(mode: ToolPermissionMode.AllowReads);

        var asked = await AskedAboutAsync(h);

        Assert.Equal(["write_file", "edit_file", "run_command"], asked);
    }

    [Fact]
    public async Task AllowAllMode_AsksForNothing()
    {
        await using var h = await BuiltinToolHarness.CreateAsync(mode: ToolPermissionMode.AllowAll);

        Assert.Empty(await AskedAboutAsync(h));
    }

    [Fact]
    public async Task Rules_AlwaysAllowARunInAllowReads_AndAlwaysDenyAReadInAllowAll()
    {
        await using var reads = await BuiltinToolHarness.CreateAsync(mode: ToolPermissionMode.AllowReads);
        await reads.Nexo.Workspaces.UpdateSettingsAsync(reads.Chats.Workspace.Id, new WorkspaceSettingsPatch
        {
            ToolPermissions = new Dictionary<string, ToolPermissionRule> { ["run_command"] = ToolPermissionRule.AlwaysAllow, ["read_file"] = ToolPermissionRule.Ask },
        });
        Assert.Equal(["read_file", "write_file", "edit_file"], await AskedAboutAsync(reads));

        await using var all = await BuiltinToolHarness.CreateAsync(mode: ToolPermissionMode.AllowAll);
        await all.Nexo.Workspaces.UpdateSettingsAsync(all.Chats.Workspace.Id, new WorkspaceSettingsPatch
        {
            ToolPermissions = new Dictionary<string, ToolPermissionRule> { ["write_file"] = ToolPermissionRule.AlwaysDeny },
        });
        var denied = await all.CallAsync("write_file", Args(("path", "x.txt"), ("content", "x")));
        Assert.Equal(("The user denied this tool call.", MessageStatus.Error), (denied.Content, denied.Status));
        Assert.False(File.Exists(all.PathOf("x.txt")));
    }

    [Fact]
    public async Task AllowReadsMode_RunsMcpToolsThatDeclareReadOnlyHint_AndAsksForTheOthers()
    {
        await using var h = await BuiltinToolHarness.CreateAsync(tools: [], mode: ToolPermissionMode.AllowReads);
        var schema = JsonDocument.Parse("""{"type":"object"}""").RootElement;
        WorkspaceTool Tool(string name, bool readOnly) => new()
        {
            ToolId = "srv/" + name, ModelName = name, ServerId = "srv", ServerName = "srv", ToolName = name, InputSchema = schema, ReadOnlyHint = readOnly,
            Invoker = (_, _, _) => ValueTask.FromResult<object?>(name + " ran"),
        };
        h.Nexo.Engine.McpTools = (_, _) => Task.FromResult<IReadOnlyList<WorkspaceTool>>([Tool("lookup", readOnly: true), Tool("delete", readOnly: false)]);
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Chats.Workspace.Id, new WorkspaceSettingsPatch
        {
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { ["srv"] = ["lookup", "delete"] },
        });
        var asked = new ConcurrentQueue<ToolPermissionRequestEvent>();
        using var answer = Answer(h, approve: true, asked);

        Assert.Equal("lookup ran", (await h.CallAsync("lookup", Args())).Content);
        Assert.Equal("delete ran", (await h.CallAsync("delete", Args())).Content);

        Assert.Equal(["delete"], asked.SelectMany(r => r.ToolCalls).Select(c => c.Name));
    }

    [Fact]
    public async Task PermissionRequest_CarriesPreviews_WithTheDiffOfAnEditBeforeItIsApplied()
    {
        await using var h = await BuiltinToolHarness.CreateAsync(mode: ToolPermissionMode.Ask);
        h.Write("f.txt", "alpha\nbeta\n");
        var asked = new ConcurrentQueue<ToolPermissionRequestEvent>();
        string? fileWhenAsked = null;
        using var answer = h.Nexo.Events.Subscribe(e =>
        {
            if (e is ToolPermissionRequestEvent r)
            {
                fileWhenAsked = File.ReadAllText(h.PathOf("f.txt"));
                asked.Enqueue(r);
                _ = h.Nexo.Chats.RespondToolPermissionAsync(new ToolPermissionResponse { MessageId = r.MessageId, Approved = false });
            }
        });
        h.Model.Enqueue(
            Step.Call("edit", "edit_file", Args(("path", "f.txt"), ("oldText", "beta"), ("newText", "gamma"))),
            Step.Call("new", "write_file", Args(("path", "dir/new.txt"), ("content", "hi\n"))),
            Step.Call("miss", "edit_file", Args(("path", "f.txt"), ("oldText", "delta"), ("newText", "x"))),
            Step.Call("out", "read_file", Args(("path", "../outside/secret.txt"))),
            Step.Call("run", "run_command", Args(("argv", new[] { "echo", "hello world" })))).Enqueue(Step.Text("done"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = h.Chat.Id, Content = "go" });

        var previews = Assert.Single(asked).Previews;
        Assert.Equal("alpha\nbeta\n", fileWhenAsked); // nothing was written to compute the diff
        Assert.Equal("alpha\nbeta\n", File.ReadAllText(h.PathOf("f.txt"))); // denied
        var edit = previews["edit"];
        Assert.Equal(("edit", h.PathOf("f.txt"), "alpha\nbeta\n", "alpha\ngamma\n", null), (edit.Kind, edit.Path, edit.OldText, edit.NewText, edit.Error));
        Assert.Equal("--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,2 @@\n alpha\n-beta\n+gamma\n", edit.Diff);
        var created = previews["new"];
        Assert.Equal(("edit", h.PathOf("dir/new.txt"), null, "hi\n"), (created.Kind, created.Path, created.OldText, created.NewText));
        Assert.Equal("--- /dev/null\n+++ b/dir/new.txt\n@@ -0,0 +1 @@\n+hi\n", created.Diff);
        Assert.StartsWith("edit_file: oldText was not found in 'f.txt'.", previews["miss"].Error, StringComparison.Ordinal);
        Assert.Equal(("read", null), (previews["out"].Kind, previews["out"].Path));
        Assert.Contains("is outside the workspace folder", previews["out"].Error, StringComparison.Ordinal);
        Assert.Equal(("execute", h.Root, "echo 'hello world'"), (previews["run"].Kind, previews["run"].Path, previews["run"].Command));
    }

    [Fact]
    public async Task WorkspaceAccess_FilesAndCommandsOfTheTurn_ReplaceTheDiskAndLocalProcesses()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        h.Write("on-disk.txt", "disk\n");
        var files = new MemoryFiles(new Dictionary<string, string> { [h.PathOf("buffer.txt")] = "unsaved buffer\n", [h.PathOf("on-disk.txt")] = "editor's version\n" });
        var commands = new RecordingRunner();
        var access = new SendMessageRequest { ChatId = h.Chat.Id, Content = "x", WorkspaceAccess = new WorkspaceAccess { Files = files, Commands = commands } };

        var read = await h.CallAsync("read_file", Args(("path", "buffer.txt")), access);
        var readOver = await h.CallAsync("read_file", Args(("path", "on-disk.txt")), access);
        var edit = await h.CallAsync("edit_file", Args(("path", "on-disk.txt"), ("oldText", "editor's"), ("newText", "edited")), access);
        var write = await h.CallAsync("write_file", Args(("path", "made.txt"), ("content", "new\n")), access);
        var run = await h.CallAsync("run_command", Args(("command", "make test"), ("timeoutSeconds", 30)), access);

        Assert.Equal("     1\tunsaved buffer", read.Content);
        Assert.Equal("     1\teditor's version", readOver.Content);
        Assert.Equal(MessageStatus.Complete, edit.Status);
        Assert.Equal("edited version\n", files.Texts[h.PathOf("on-disk.txt")]);
        Assert.Equal("new\n", files.Texts[h.PathOf("made.txt")]);
        Assert.Equal("disk\n", File.ReadAllText(h.PathOf("on-disk.txt"))); // the disk is not touched
        Assert.False(File.Exists(h.PathOf("made.txt")));
        Assert.Equal("$ make test\nExit code: 0\nran in the editor", run.Content);
        var request = Assert.Single(commands.Requests);
        Assert.Equal(("make test", h.Root, TimeSpan.FromSeconds(30)), (request.ShellLine, request.WorkingDirectory, request.Timeout));
        Assert.DoesNotContain(request.Environment.Keys, k => k.StartsWith("NEXO_", StringComparison.Ordinal));

        // Without the access the same turn reads the disk.
        Assert.Equal("     1\tdisk", (await h.CallAsync("read_file", Args(("path", "on-disk.txt")))).Content);
    }

    [Fact]
    public async Task WorkspaceAccess_StillConfinesPathsToTheFolder()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        var files = new MemoryFiles(new Dictionary<string, string> { [Path.Combine(h.Outside, "secret.txt")] = "leak" });
        var access = new SendMessageRequest { ChatId = h.Chat.Id, Content = "x", WorkspaceAccess = new WorkspaceAccess { Files = files } };

        var read = await h.CallAsync("read_file", Args(("path", "../outside/secret.txt")), access);

        Assert.Equal(MessageStatus.Error, read.Status);
        Assert.Empty(files.Reads);
    }

    [Fact]
    public async Task TurnTool_WithABuiltinName_ReplacesTheBuiltinTool()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        h.Write("f.txt", "disk\n");
        var own = AIFunctionFactory.Create((string path) => "editor read " + path, "read_file", "The editor's read_file");

        var message = await h.CallAsync("read_file", Args(("path", "f.txt")), new SendMessageRequest { ChatId = h.Chat.Id, Content = "x", Tools = [own] });

        Assert.Equal("editor read f.txt", message.Content);
        var offered = h.Model.Requests.Last().Options!.Tools!.OfType<AIFunctionDeclaration>().Where(t => t.Name == "read_file").ToList();
        Assert.Equal("The editor's read_file", Assert.Single(offered).Description);
    }

    [Fact]
    public async Task OnlyTheEnabledBuiltinTools_AreOffered_InTheirOrder()
    {
        await using var h = await BuiltinToolHarness.CreateAsync(tools: ["update_plan", "read_file", "run_command"]);

        await h.CallAsync("read_file", Args(("path", "none")));

        Assert.Equal(["read_file", "run_command", "update_plan"], h.OfferedTools());
        var read = (AIFunctionDeclaration)h.Model.Requests.Last().Options!.Tools![0];
        Assert.Equal(["path"], read.JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    private sealed class MemoryFiles(Dictionary<string, string> texts) : IWorkspaceFileAccess
    {
        public Dictionary<string, string> Texts { get; } = texts;

        public ConcurrentQueue<string> Reads { get; } = new();

        public Task<string> ReadTextFileAsync(string path, CancellationToken cancellationToken)
        {
            Reads.Enqueue(path);
            return Texts.TryGetValue(path, out var text) ? Task.FromResult(text) : throw new FileNotFoundException(path);
        }

        public Task WriteTextFileAsync(string path, string content, CancellationToken cancellationToken)
        {
            Texts[path] = content;
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingRunner : ICommandRunner
    {
        public ConcurrentQueue<CommandRequest> Requests { get; } = new();

        public Task<CommandRunResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request);
            return Task.FromResult(new CommandRunResult { ExitCode = 0, Output = "ran in the editor", TerminalId = "term-1" });
        }
    }
}
