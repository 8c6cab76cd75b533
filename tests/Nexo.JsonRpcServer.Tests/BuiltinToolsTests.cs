using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Nexo.Testing;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>Issue 16 through the JSON-RPC host: the built-in workspace tools' settings, previews and plan.</summary>
public sealed class BuiltinToolsTests
{
    [Fact]
    public async Task SaveWorkspaceSettings_BuiltinToolsAndAllowReads_AreStored_AndAnUnknownToolIsInvalidParamsNamingTheField()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var ws = (string)(await server.CallAsync("create_workspace", new { name = "w" }))["id"]!;

        var defaults = await server.CallAsync("get_workspace_settings", new { workspaceId = ws });
        var saved = await server.CallAsync("save_workspace_settings", new { workspaceId = ws, builtinTools = new[] { "update_plan", "read_file", "edit_file" }, toolPermissionMode = "allow_reads" });
        var unknown = await server.CallErrorAsync("save_workspace_settings", new { workspaceId = ws, builtinTools = new[] { "read_file", "rm_rf" } });
        var kept = await server.CallAsync("save_workspace_settings", new { workspaceId = ws, systemMessage = "Be brief." });
        var cleared = await server.CallAsync("save_workspace_settings", new { workspaceId = ws, builtinTools = Array.Empty<string>() });

        Assert.Empty(defaults["builtinTools"]!.AsArray());
        Assert.Equal("ask", (string?)defaults["toolPermissionMode"]);
        Assert.Equal(["read_file", "edit_file", "update_plan"], Names(saved["builtinTools"]!)); // in the order they are offered
        Assert.Equal("allow_reads", (string?)saved["toolPermissionMode"]);
        Assert.Equal(-32602, (int)unknown["code"]!);
        Assert.Equal(("validation", "builtinTools"), ((string?)unknown["data"]!["kind"], (string?)unknown["data"]!["details"]!["field"]));
        Assert.Contains("rm_rf", (string?)unknown["message"], StringComparison.Ordinal);
        Assert.Equal(["read_file", "edit_file", "update_plan"], Names(kept["builtinTools"]!)); // the failed save changed nothing; omitted keeps
        Assert.Empty(cleared["builtinTools"]!.AsArray());
    }

    [Fact]
    public async Task FolderWorkspace_TheModelReadsEditsRunsAndPlans_WithTheEditsDiffShownBeforeItIsAllowed_AndNothingOutsideTheFolderTouched()
    {
        var parent = Directory.CreateTempSubdirectory("nexo-rpc-builtin-").FullName;
        try
        {
            var root = Directory.CreateDirectory(Path.Combine(parent, "project")).FullName;
            var sibling = Directory.CreateDirectory(Path.Combine(parent, "sibling")).FullName;
            File.WriteAllText(Path.Combine(sibling, "secret.txt"), "do not touch\n");
            var calc = Path.Combine(root, "calc.py");
            File.WriteAllText(calc, "def add(a, b):\n    return a - b\n");
            var siblingBefore = HashFolder(sibling);

            await using var fixture = await TurnFixture.StartAsync();
            var server = fixture.Server;
            await server.CallAsync("update_workspace", new { id = fixture.WorkspaceId, rootPath = root });
            await server.CallAsync("save_workspace_settings", new
            {
                workspaceId = fixture.WorkspaceId,
                builtinTools = new[] { "read_file", "edit_file", "run_command", "update_plan" },
                toolPermissionMode = "allow_reads",
            });
            var test = OperatingSystem.IsWindows() ? "findstr /c:\"a + b\" calc.py && echo tests passed" : "grep -q 'a + b' calc.py && echo tests passed";
            fixture.Provider.Responder = r => (r.Json!["messages"]!.AsArray().Count(m => (string?)m!["role"] == "tool")) switch
            {
                0 => FakeResponse.ToolCall("read_file", """{"path":"calc.py"}""", "call_read"),
                1 => FakeResponse.ToolCall("edit_file", """{"path":"calc.py","oldText":"return a - b","newText":"return a + b"}""", "call_edit"),
                2 => FakeResponse.ToolCall("run_command", new JsonObject { ["command"] = test }.ToJsonString(), "call_run"),
                3 => FakeResponse.ToolCall("update_plan", """{"entries":[{"content":"Read calc.py","priority":"high","status":"completed"},{"content":"Fix add","priority":"high","status":"completed"},{"content":"Run the tests","status":"completed"}]}""", "call_plan"),
                _ => FakeResponse.Text("fixed: ", LastToolResult(r)),
            };

            var pending = server.RequestAsync("send_message", new { chatId = fixture.ChatId, content = "the add test fails; fix it" }, id: "builtin-turn");
            var editRequest = (await server.NotificationsUntilAsync("tool-permission-request"))[^1]["params"]!;
            var textWhileAsked = File.ReadAllText(calc);
            await server.CallAsync("respond_tool_permission", new { messageId = (string)editRequest["messageId"]!, approved = true });
            var runRequest = (await server.NotificationsUntilAsync("tool-permission-request"))[^1]["params"]!;
            await server.CallAsync("respond_tool_permission", new { messageId = (string)runRequest["messageId"]!, approved = true });
            var planUpdated = (await server.NotificationsUntilAsync("plan-updated"))[^1]["params"]!;
            var response = await pending;
            var chats = await server.CallAsync("get_chats", new { workspaceId = fixture.WorkspaceId });

            // read_file ran without asking (allow_reads): the first request is the edit's.
            var edit = Assert.Single(editRequest["toolCalls"]!.AsArray())!;
            Assert.Equal("edit_file", (string?)edit["name"]);
            var editPreview = editRequest["previews"]![(string)edit["id"]!]!;
            Assert.Equal("edit", (string?)editPreview["kind"]);
            Assert.Equal(calc, (string?)editPreview["path"]);
            Assert.Equal("def add(a, b):\n    return a - b\n", (string?)editPreview["oldText"]);
            Assert.Equal("def add(a, b):\n    return a + b\n", (string?)editPreview["newText"]);
            Assert.Contains("-    return a - b", (string?)editPreview["diff"], StringComparison.Ordinal);
            Assert.Contains("+    return a + b", (string?)editPreview["diff"], StringComparison.Ordinal);
            Assert.Equal("def add(a, b):\n    return a - b\n", textWhileAsked); // shown before it is applied

            var run = Assert.Single(runRequest["toolCalls"]!.AsArray())!;
            Assert.Equal("run_command", (string?)run["name"]);
            var runPreview = runRequest["previews"]![(string)run["id"]!]!;
            Assert.Equal("execute", (string?)runPreview["kind"]);
            Assert.Contains(test, (string?)runPreview["command"] ?? string.Empty, StringComparison.Ordinal);

            var progress = server.Received.Where(m => (string?)m["method"] == "tool-execution-progress" && (string?)m["params"]!["status"] == "completed")
                .ToDictionary(m => (string)m["params"]!["toolName"]!, m => (string?)m["params"]!["result"] ?? string.Empty);
            Assert.Contains("return a - b", progress["read_file"], StringComparison.Ordinal);
            Assert.Contains("tests passed", progress["run_command"], StringComparison.Ordinal);
            Assert.Equal(2, server.Received.Count(m => (string?)m["method"] == "tool-permission-request"));

            string[] planTexts = ["Read calc.py", "Fix add", "Run the tests"];
            Assert.Equal(fixture.ChatId, (string?)planUpdated["chatId"]);
            Assert.Equal(planTexts, planUpdated["entries"]!.AsArray().Select(e => (string)e!["content"]!));
            Assert.Equal(["high", "high", "medium"], planUpdated["entries"]!.AsArray().Select(e => (string)e!["priority"]!));
            var chat = chats.AsArray().Single(c => (string?)c!["id"] == fixture.ChatId)!;
            Assert.Equal(planTexts, chat["plan"]!.AsArray().Select(e => (string)e!["content"]!));
            Assert.All(chat["plan"]!.AsArray(), e => Assert.Equal("completed", (string?)e!["status"]));

            Assert.Null(response["error"]);
            Assert.StartsWith("fixed: ", (string?)response["result"]!["assistantMessage"]!["content"], StringComparison.Ordinal);
            Assert.Equal("def add(a, b):\n    return a + b\n", File.ReadAllText(calc));
            Assert.Equal(["calc.py"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName));
            Assert.Equal(siblingBefore, HashFolder(sibling));
            Assert.Equal(["project", "sibling"], Directory.GetFileSystemEntries(parent).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    private static string LastToolResult(RecordedRequest request) =>
        (string?)request.Json!["messages"]!.AsArray().Last(m => (string?)m!["role"] == "tool")!["content"] ?? string.Empty;

    private static string HashFolder(string folder)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            text.Append(Path.GetRelativePath(folder, file)).Append('\0').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))).Append('\n');
        }

        return text.ToString();
    }

    private static List<string> Names(JsonNode array) => array.AsArray().Select(n => (string)n!).ToList();
}
