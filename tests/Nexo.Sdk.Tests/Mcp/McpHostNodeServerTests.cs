using System.Text.Json;

namespace Nexo.Sdk.Tests.Mcp;

[Collection(NodeServersCollection.Name)]
public sealed class McpHostNodeServerTests(NodeServersFixture fixture)
{
    private McpHost Mcp => fixture.Nexo.Mcp;

    [Fact]
    public async Task Everything_ListsToolsResourcesAndPrompts()
    {
        var tools = await Mcp.ConnectAsync(fixture.Everything.Id);
        var resources = await Mcp.ListResourcesAsync(fixture.Everything.Id);
        var prompts = await Mcp.ListPromptsAsync(fixture.Everything.Id);

        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Contains(tools, t => t.Name == "get-sum" && t.InputSchema!.Value.GetProperty("required").GetArrayLength() == 2);
        Assert.Contains(tools, t => t.Name == "get-tiny-image");
        Assert.Contains(resources, r => r.Uri.StartsWith("demo://", StringComparison.Ordinal) && r.Name.Length > 0);
        var argsPrompt = Assert.Single(prompts, p => p.Name == "args-prompt");
        Assert.Contains(argsPrompt.Arguments, a => a is { Name: "city", Required: true });
        Assert.Equal(McpServerStatus.Connected, (await fixture.Nexo.McpServers.GetAsync(fixture.Everything.Id)).Status);
    }

    [Fact]
    public async Task Everything_StructuredContentTool_DeclaresItsOutputSchema_AndItsResultPassesTheCheck()
    {
        var tools = await Mcp.ConnectAsync(fixture.Everything.Id);
        var schema = tools.Single(t => t.Name == "get-structured-content").OutputSchema!.Value;

        var result = await Mcp.CallToolAsync(fixture.Everything.Id, "get-structured-content", Json("""{"location": "New York"}"""));

        Assert.Equal("number", schema.GetProperty("properties").GetProperty("humidity").GetProperty("type").GetString());
        Assert.False(result.IsError, result.Text);
        Assert.Null(result.OutputSchemaError);
        Assert.Equal(82, result.StructuredContent!.Value.GetProperty("humidity").GetInt32());
    }

    [Fact]
    public async Task Everything_CallsToolsWithJsonArguments()
    {
        var sum = await Mcp.CallToolAsync(fixture.Everything.Id, "get-sum", Json("""{"a": 2, "b": 40}"""));
        var image = await Mcp.CallToolAsync(fixture.Everything.Id, "get-tiny-image", null);
        var invalid = await Mcp.CallToolAsync(fixture.Everything.Id, "get-sum", Json("""{"a": "two"}"""));

        Assert.False(sum.IsError);
        Assert.Contains("42", sum.Text, StringComparison.Ordinal);
        var picture = Assert.Single(image.Content, c => c.Type == "image");
        Assert.Equal("image/png", picture.MimeType);
        Assert.NotEmpty(Convert.FromBase64String(picture.Data!));
        Assert.True(invalid.IsError);
    }

    [Fact]
    public async Task Everything_ReportsProgressOfALongRunningOperation()
    {
        var reports = new List<McpToolProgress>();

        var result = await Mcp.CallToolAsync(
            fixture.Everything.Id,
            "trigger-long-running-operation",
            Json("""{"duration": 1, "steps": 2}"""),
            new SyncProgress(reports.Add));

        Assert.False(result.IsError);
        Assert.NotEmpty(reports);
        Assert.All(reports, p => Assert.Equal(2, p.Total));
    }

    [Fact]
    public async Task Filesystem_ListsAndReadsTheWorkspaceFolder()
    {
        var root = Directory.CreateDirectory(Path.Combine(fixture.Folder, "project")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "src"));
        await File.WriteAllTextAsync(Path.Combine(root, "hello.txt"), "hello from nexo");
        var server = await fixture.Nexo.McpServers.CreateAsync(NodeServersFixture.FilesystemConfig("filesystem", root));
        var workspace = await fixture.Nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "fs", RootPath = root });
        await fixture.Nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch
        {
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { [server.Id] = ["list_directory", "read_text_file"] },
        });

        var tools = await Mcp.GetWorkspaceToolsAsync(workspace.Id);
        var list = McpHost.ResolveModelName(tools, "list_directory")!;
        var listing = await Mcp.CallToolAsync(list.ServerId, list.ToolName, Json(JsonSerializer.Serialize(new { path = root })));
        var read = McpHost.ResolveModelName(tools, "read_text_file")!;
        var content = await Mcp.CallToolAsync(read.ServerId, read.ToolName, Json(JsonSerializer.Serialize(new { path = Path.Combine(root, "hello.txt") })));
        var outside = await Mcp.CallToolAsync(read.ServerId, read.ToolName, Json("""{"path": "/etc/hostname"}"""));

        Assert.Equal(["list_directory", "read_text_file"], tools.Select(t => t.ModelName));
        Assert.False(listing.IsError);
        Assert.Contains("[FILE] hello.txt", listing.Text, StringComparison.Ordinal);
        Assert.Contains("[DIR] src", listing.Text, StringComparison.Ordinal);
        Assert.Equal("hello from nexo", content.Text);
        Assert.True(outside.IsError);
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
