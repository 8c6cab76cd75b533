using System.Text.Json.Nodes;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>The CRUD commands of every feature area, against one server process per test.</summary>
public sealed class CrudTests
{
    [Fact]
    public async Task WorkspaceCrud_CreatesWithGeneratedId_ListsUpdatesAndDeletes()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var created = await server.CallAsync("create_workspace", new { name = "alpha" });
        var chosen = await server.CallAsync("create_workspace", new { id = "ws-beta", name = "beta" });
        var renamed = await server.CallAsync("update_workspace", new { id = "ws-beta", name = "beta 2" });
        var listed = await server.CallAsync("get_workspaces");
        var deleted = await server.RequestAsync("delete_workspace", new { id = (string)created["id"]! });
        var after = await server.CallAsync("get_workspaces");

        Assert.False(string.IsNullOrEmpty((string?)created["id"]));
        Assert.EndsWith("Z", (string)created["createdAt"]!, StringComparison.Ordinal);
        Assert.False(created.AsObject().ContainsKey("rootPath"), "absent optionals are omitted, not null");
        Assert.Equal("ws-beta", (string?)chosen["id"]);
        Assert.Equal("beta 2", (string?)renamed["name"]);
        Assert.Equal(2, listed.AsArray().Count);
        Assert.Null(deleted["result"]);
        Assert.Equal(["ws-beta"], after.AsArray().Select(w => (string)w!["id"]!));
    }

    [Fact]
    public async Task WorkspaceSettings_SaveKeepsOmittedFields_AndMapsTheOriginalsPermissionWords()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var ws = (string)(await server.CallAsync("create_workspace", new { name = "w" }))["id"]!;

        var defaults = await server.CallAsync("get_workspace_settings", new { workspaceId = ws });
        await server.CallAsync("save_workspace_settings", new { workspaceId = ws, systemMessage = "Be brief.", maxAgentIterations = 4 });
        var saved = await server.CallAsync("save_workspace_settings", new
        {
            workspaceId = ws,
            streamEnabled = false,
            toolPermissionConfig = new Dictionary<string, string> { ["read_file"] = "auto", ["rm"] = "require", ["srv/x"] = "always_deny" },
            mcpToolIds = new Dictionary<string, string[]> { ["srv"] = ["read_file", "rm"] },
        });

        Assert.True((bool)defaults["streamEnabled"]!);
        Assert.Equal("Be brief.", (string?)saved["systemMessage"]);
        Assert.Equal(4, (int)saved["maxAgentIterations"]!);
        Assert.False((bool)saved["streamEnabled"]!);
        Assert.Equal("always_allow", (string?)saved["toolPermissions"]!["read_file"]);
        Assert.Equal("ask", (string?)saved["toolPermissions"]!["rm"]);
        Assert.Equal("always_deny", (string?)saved["toolPermissions"]!["srv/x"]);
        Assert.Equal(["read_file", "rm"], saved["mcpToolIds"]!["srv"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task ChatCrud_CreatesListsUpdatesAndDeletesChats()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var ws = (string)(await server.CallAsync("create_workspace", new { name = "w" }))["id"]!;

        var untitled = await server.CallAsync("create_chat", new { workspaceId = ws });
        var titled = await server.CallAsync("create_chat", new { id = "chat-2", workspaceId = ws, title = "Plans" });
        var updated = await server.CallAsync("update_chat", new { id = "chat-2", title = "Plans v2", pinned = true, lastMessage = "see you" });
        var listed = await server.CallAsync("get_chats", new { workspaceId = ws });
        await server.CallAsync("delete_chat", new { id = (string)untitled["id"]! });
        var one = await server.CallAsync("get_chats", new { workspaceId = ws });
        var cleared = await server.CallAsync("delete_all_chats_by_workspace", new { workspaceId = ws });
        var none = await server.CallAsync("get_chats", new { workspaceId = ws });

        Assert.Equal("New chat", (string?)untitled["title"]);
        Assert.Equal("Plans", (string?)titled["title"]);
        Assert.Equal("Plans v2", (string?)updated["title"]);
        Assert.True((bool)updated["pinned"]!);
        Assert.Equal("see you", (string?)updated["lastMessage"]);
        Assert.Equal("chat-2", (string?)listed[0]!["id"]); // pinned first
        Assert.Equal(2, listed.AsArray().Count);
        Assert.Single(one.AsArray());
        Assert.Equal(1, (int)cleared["deleted"]!);
        Assert.Empty(none.AsArray());
    }

    [Fact]
    public async Task Messages_AreStoredListedOldestFirstEditedSearchedAndTruncated()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var ws = (string)(await server.CallAsync("create_workspace", new { name = "w" }))["id"]!;
        var chat = (string)(await server.CallAsync("create_chat", new { workspaceId = ws }))["id"]!;

        var first = await server.CallAsync("create_message", new { chatId = chat, role = "user", content = "hello zebra", metadata = new { source = "test" } });
        var second = await server.CallAsync("create_message", new { chatId = chat, role = "assistant", content = "hi" });
        await server.CallAsync("create_message", new { chatId = chat, role = "user", content = "bye" });
        var edited = await server.CallAsync("update_message", new { id = (string)second["id"]!, content = "hi there" });
        var all = await server.CallAsync("get_messages", new { chatId = chat });
        var page = await server.CallAsync("get_messages", new { chatId = chat, limit = 1 });
        var hits = await server.CallAsync("search_messages", new { query = "zebra" });
        var removed = await server.CallAsync("delete_messages_after", new { chatId = chat, messageId = (string)second["id"]! });
        var left = await server.CallAsync("get_messages", new { chatId = chat });

        Assert.Equal("test", (string?)first["metadata"]!["source"]);
        Assert.Equal("hi there", (string?)edited["content"]);
        Assert.Equal(["hello zebra", "hi there", "bye"], all.AsArray().Select(m => (string)m!["content"]!));
        Assert.Equal(["user", "assistant", "user"], all.AsArray().Select(m => (string)m!["role"]!));
        Assert.Equal("bye", (string?)page[0]!["content"]);
        Assert.Equal((string?)first["id"], (string?)hits[0]!["messageId"]);
        Assert.Equal(1, (int)removed["deleted"]!);
        Assert.Equal(2, left.AsArray().Count);
    }

    [Fact]
    public async Task SwitchBranch_MakesAnEarlierMessageTheActiveLeaf()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        var ws = (string)(await server.CallAsync("create_workspace", new { name = "w" }))["id"]!;
        var chat = (string)(await server.CallAsync("create_chat", new { workspaceId = ws }))["id"]!;
        var root = await server.CallAsync("create_message", new { chatId = chat, role = "user", content = "q" });
        await server.CallAsync("create_message", new { chatId = chat, role = "assistant", content = "a1" });

        var switched = await server.CallAsync("switch_branch", new { chatId = chat, messageId = (string)root["id"]! });

        Assert.Equal((string?)root["id"], (string?)switched["activeMessageId"]);
    }

    [Fact]
    public async Task LlmConnections_TakeRealJsonModelsAndHeaders_AndNeverReturnSecrets()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var created = await server.CallAsync("create_llm_connection", new
        {
            name = "local",
            provider = "openai-compatible",
            baseUrl = "http://127.0.0.1:1234/v1",
            apiKey = "sk-secret-123456",
            headers = new Dictionary<string, string> { ["X-Team"] = "blue-secret" },
            models = new[] { new { id = "m1", name = "Model one", supportsTools = true } },
            defaultModel = "m1",
        });
        var id = (string)created["id"]!;
        var updated = await server.CallAsync("update_llm_connection", new { id, name = "renamed", enabled = false });
        var listed = await server.CallAsync("get_llm_connections");
        await server.CallAsync("delete_llm_connection", new { id });
        var after = await server.CallAsync("get_llm_connections");

        var json = created.ToJsonString();
        Assert.DoesNotContain("sk-secret-123456", json, StringComparison.Ordinal);
        Assert.DoesNotContain("blue-secret", json, StringComparison.Ordinal);
        Assert.True((bool)created["hasApiKey"]!);
        Assert.Equal("openai-compatible", (string?)created["provider"]);
        Assert.Equal("m1", (string?)created["models"]![0]!["id"]);
        Assert.True((bool)created["models"]![0]!["supportsTools"]!);
        Assert.Equal("renamed", (string?)updated["name"]);
        Assert.False((bool)updated["enabled"]!);
        Assert.Single(listed.AsArray());
        Assert.Empty(after.AsArray());
    }

    [Fact]
    public async Task LlmConnections_NativeDocuments_IsFalseByDefault_SetOnCreate_AndChangedByUpdate()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var plain = await server.CallAsync("create_llm_connection", new { name = "plain", provider = "claude", apiKey = "sk-ant-123456789" });
        var native = await server.CallAsync("create_llm_connection", new { name = "native", provider = "anthropic", nativeDocuments = true });
        var renamed = await server.CallAsync("update_llm_connection", new { id = (string)native["id"]!, name = "renamed" });
        var off = await server.CallAsync("update_llm_connection", new { id = (string)native["id"]!, nativeDocuments = false });
        await server.CallAsync("update_llm_connection", new { id = (string)plain["id"]!, nativeDocuments = true });
        var listed = await server.CallAsync("get_llm_connections");

        Assert.False((bool)plain["nativeDocuments"]!);
        Assert.True((bool)native["nativeDocuments"]!);
        Assert.True((bool)renamed["nativeDocuments"]!);
        Assert.False((bool)off["nativeDocuments"]!);
        Assert.Equal([true, false], listed.AsArray().Select(c => (bool)c!["nativeDocuments"]!));
    }

    [Fact]
    public async Task McpServerConnections_AreCreatedUpdatedGivenAStatusAndDeleted()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var created = await server.CallAsync("create_mcp_server_connection", new
        {
            name = "files",
            type = "stdio",
            command = "node",
            args = new[] { "server.js" },
            envVars = new Dictionary<string, string> { ["TOKEN"] = "very-secret-token" },
        });
        var id = (string)created["id"]!;
        var updated = await server.CallAsync("update_mcp_server_connection", new { id, timeoutSeconds = 5 });
        var status = await server.CallAsync("update_mcp_server_status", new
        {
            id,
            status = "error",
            errorMessage = "boom",
            tools = new[] { new { name = "read", description = "Reads" } },
        });
        var listed = await server.CallAsync("get_mcp_server_connections");
        await server.CallAsync("delete_mcp_server_connection", new { id });
        var after = await server.CallAsync("get_mcp_server_connections");

        Assert.Equal("stdio", (string?)created["transport"]);
        Assert.DoesNotContain("very-secret-token", created.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(5, (int)updated["timeoutSeconds"]!);
        Assert.Equal("error", (string?)status["status"]);
        Assert.Equal("boom", (string?)status["lastError"]);
        Assert.Equal("read", (string?)status["tools"]![0]!["name"]);
        Assert.Single(listed.AsArray());
        Assert.Empty(after.AsArray());
    }

    [Fact]
    public async Task Prompts_AreCreatedListedUpdatedRenderedAndDeleted()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var created = await server.CallAsync("create_prompt", new { name = "greet", content = "Hello {{name}}!" });
        var id = (string)created["id"]!;
        var updated = await server.CallAsync("update_prompt", new { id, content = "Hi {{name}}, {{mood}}?" });
        var rendered = await server.CallAsync("render_prompt", new { id = "greet", variables = new { name = "Ada", mood = "well" } });
        var missing = await server.CallErrorAsync("render_prompt", new { id, variables = new { name = "Ada" } });
        var listed = await server.CallAsync("get_prompts");
        await server.CallAsync("delete_prompt", new { id });

        Assert.Equal(["name"], created["variables"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["name", "mood"], updated["variables"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("Hi Ada, well?", (string?)rendered["content"]);
        Assert.Equal(-32602, (int)missing["code"]!);
        Assert.Equal("variables", (string?)missing["data"]!["details"]!["field"]);
        Assert.Single(listed.AsArray());
        Assert.Empty((await server.CallAsync("get_prompts")).AsArray());
    }

    [Fact]
    public async Task AppSettings_AreSavedReadAndListed()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var absent = await server.CallAsync("get_app_setting", new { key = "theme" });
        await server.CallAsync("save_app_setting", new { key = "theme", value = "dark" });
        await server.CallAsync("save_app_setting", new { key = "language", value = "en" });
        var theme = await server.CallAsync("get_app_setting", new { key = "theme" });
        var all = await server.CallAsync("get_all_app_settings");

        Assert.False(absent.AsObject().ContainsKey("value"));
        Assert.Equal("dark", (string?)theme["value"]);
        Assert.Equal(["language", "theme"], all.AsArray().Select(s => (string)s!["key"]!));
    }

    [Fact]
    public async Task Usage_SummaryLogsBreakdownAndClear_WorkOnAnEmptyStoreAndCheckTheFilter()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var summary = await server.CallAsync("get_usage_summary");
        var logs = await server.CallAsync("get_usage_logs", new { filter = new { workspaceId = "w" }, page = 1, limit = 10 });
        var breakdown = await server.CallAsync("get_usage_breakdown", new { filter = new { } });
        var cleared = await server.CallAsync("clear_usage");
        var badRange = await server.CallErrorAsync("get_usage_summary", new { filter = new { startDate = "2026-02-01T00:00:00Z", endDate = "2026-01-01T00:00:00Z" } });

        Assert.Equal(0, (long)summary["totalRequests"]!);
        Assert.Empty(logs.AsArray());
        Assert.Empty(breakdown.AsArray());
        Assert.Equal(0, (int)cleared["deleted"]!);
        Assert.Equal(-32602, (int)badRange["code"]!);
        Assert.Equal("endDate", (string?)badRange["data"]!["details"]!["field"]);
    }
}
