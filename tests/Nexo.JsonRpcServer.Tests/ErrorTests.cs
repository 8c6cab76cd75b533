namespace Nexo.JsonRpcServer.Tests;

public sealed class ErrorTests
{
    [Fact]
    public async Task UnknownMethod_IsMethodNotFound()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var error = await server.CallErrorAsync("no_such_command", new { });

        Assert.Equal(-32601, (int)error["code"]!);
        Assert.Equal("validation", (string?)error["data"]!["kind"]);
        Assert.Equal("no_such_command", (string?)error["data"]!["details"]!["method"]);
    }

    [Fact]
    public async Task MissingRequiredParam_IsInvalidParamsNamingTheField()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var error = await server.CallErrorAsync("create_chat", new { title = "no workspace" });

        Assert.Equal(-32602, (int)error["code"]!);
        Assert.Equal("validation", (string?)error["data"]!["kind"]);
        Assert.Equal("workspaceId", (string?)error["data"]!["details"]!["field"]);
        Assert.Contains("workspaceId", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingParamsObject_IsInvalidParamsNamingTheFirstRequiredField()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var error = await server.CallErrorAsync("delete_chat");

        Assert.Equal(-32602, (int)error["code"]!);
        Assert.Equal("id", (string?)error["data"]!["details"]!["field"]);
    }

    [Fact]
    public async Task WronglyTypedParam_IsInvalidParamsNamingTheField()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var wrongType = await server.CallErrorAsync("create_workspace", new { name = 42 });
        var wrongEnum = await server.CallErrorAsync("create_llm_connection", new { name = "x", provider = "skynet", baseUrl = "http://127.0.0.1:1" });
        var positional = await server.CallErrorAsync("get_chats", new[] { "ws" });

        Assert.Equal(-32602, (int)wrongType["code"]!);
        Assert.Equal("name", (string?)wrongType["data"]!["details"]!["field"]);
        Assert.Equal("provider", (string?)wrongEnum["data"]!["details"]!["field"]);
        Assert.Equal(-32602, (int)positional["code"]!);
        Assert.Equal("params", (string?)positional["data"]!["details"]!["field"]);
    }

    [Fact]
    public async Task InvalidValueFromTheSdk_IsInvalidParamsNamingTheField()
    {
        await using var server = await ServerProcess.StartInitializedAsync();

        var emptyName = await server.CallErrorAsync("create_workspace", new { name = "   " });
        var badUrl = await server.CallErrorAsync("create_llm_connection", new { name = "x", provider = "openai", baseUrl = "not a url" });
        var badPermission = await server.CallErrorAsync("save_workspace_settings", new
        {
            workspaceId = (string)(await server.CallAsync("create_workspace", new { name = "w" }))["id"]!,
            toolPermissionConfig = new Dictionary<string, string> { ["rm"] = "sometimes" },
        });

        Assert.Equal("name", (string?)emptyName["data"]!["details"]!["field"]);
        Assert.Equal(-32602, (int)badUrl["code"]!);
        Assert.Equal("baseUrl", (string?)badUrl["data"]!["details"]!["field"]);
        Assert.Equal("toolPermissionConfig", (string?)badPermission["data"]!["details"]!["field"]);
    }

    [Fact]
    public async Task UnknownIds_AreNotFoundWithEntityAndId_ForEveryKindOfEntity()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        (string Method, object Params, string Entity)[] cases =
        [
            ("delete_workspace", new { id = "nope" }, "workspace"),
            ("get_chats", new { workspaceId = "nope" }, "workspace"),
            ("update_chat", new { id = "nope", title = "t" }, "chat"),
            ("get_messages", new { chatId = "nope" }, "chat"),
            ("update_message", new { id = "nope", content = "c" }, "message"),
            ("delete_llm_connection", new { id = "nope" }, "LLM connection"),
            ("update_mcp_server_connection", new { id = "nope" }, "MCP server"),
            ("delete_prompt", new { id = "nope" }, "prompt"),
        ];

        foreach (var (method, parameters, entity) in cases)
        {
            var error = await server.CallErrorAsync(method, parameters);

            Assert.Equal(-32010, (int)error["code"]!);
            Assert.Equal("notFound", (string?)error["data"]!["kind"]);
            Assert.Equal(entity, (string?)error["data"]!["details"]!["entity"]);
            Assert.Equal("nope", (string?)error["data"]!["details"]!["id"]);
        }
    }

    [Fact]
    public async Task DuplicateName_IsConflict()
    {
        await using var server = await ServerProcess.StartInitializedAsync();
        await server.CallAsync("create_workspace", new { name = "same" });

        var error = await server.CallErrorAsync("create_workspace", new { name = "SAME" });

        Assert.Equal(-32011, (int)error["code"]!);
        Assert.Equal("conflict", (string?)error["data"]!["kind"]);
    }
}
