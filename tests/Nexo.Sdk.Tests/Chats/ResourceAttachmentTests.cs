using System.Text.Json.Nodes;
using Nexo.Sdk.Tests.Mcp;
using Nexo.Testing;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>One Nexo client with the C# test MCP server, the npm server-everything, and a disabled server.</summary>
public sealed class ResourceChatFixture : IAsyncLifetime
{
    private readonly TempDatabase _db = new();

    public NexoClient Nexo { get; private set; } = null!;

    public McpServer Test { get; private set; } = null!;

    public McpServer Everything { get; private set; } = null!;

    public McpServer Disabled { get; private set; } = null!;

    public McpServer Outside { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await McpTestEnvironment.EnsureNodeServersAsync();
        Nexo = await _db.OpenAsync();
        Test = await Nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer("notes"));
        Everything = await Nexo.McpServers.CreateAsync(NodeServersFixture.EverythingConfig("everything"));
        Disabled = await Nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer("off") with { Enabled = false });
        Outside = await Nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer("elsewhere"));
    }

    /// <summary>A chat in a new workspace whose MCP servers are the test server (no tools) and everything, answered by <paramref name="model"/>.</summary>
    public async Task<Chat> NewChatAsync(FakeOpenAIServer model, IReadOnlyList<string>? builtinTools = null, ToolPermissionMode mode = ToolPermissionMode.AllowAll)
    {
        var connection = await Nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "fake-" + Guid.NewGuid().ToString("N")[..8], Provider = LlmProviderKind.OpenAI, BaseUrl = model.BaseUrl, ApiKey = "sk-x", DefaultModel = "gpt-test",
        });
        var workspace = await Nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "ws-" + Guid.NewGuid().ToString("N")[..8] });
        await Nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch
        {
            LlmConnectionId = connection.Id,
            ToolPermissionMode = mode,
            BuiltinTools = builtinTools,
            McpToolIds = new Dictionary<string, IReadOnlyList<string>>
            {
                [Test.Id] = [],
                [Everything.Id] = ["get-resource-links"],
                [Disabled.Id] = [],
            },
        });
        return await Nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id, Title = "t" });
    }

    public async Task DisposeAsync()
    {
        await Nexo.DisposeAsync();
        await _db.DisposeAsync();
    }
}

/// <summary>MCP resources attached to user messages reach the provider, are stored with the message, and bad ones store nothing.</summary>
public sealed class ResourceAttachmentTests(ResourceChatFixture fixture) : IClassFixture<ResourceChatFixture>
{
    private NexoClient Nexo => fixture.Nexo;

    [Fact]
    public async Task TextResource_IsInlinedWithItsUri_AndSentAgainOnLaterTurnsAndRegenerations()
    {
        await using var model = await FakeOpenAIServer.StartAsync();
        var chat = await fixture.NewChatAsync(model);

        var first = await Nexo.Chats.SendMessageAsync(new SendMessageRequest
        {
            ChatId = chat.Id,
            Content = "What is the secret word?",
            Resources = [new McpResourceReference { ServerId = fixture.Test.Id, Uri = "test://notes/readme" }],
        });
        await Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "And again?" });
        await Nexo.Chats.RegenerateAsync(new RegenerateRequest { ChatId = chat.Id, MessageId = first.AssistantMessageId });

        var inlined = "<resource server=\\\"notes\\\" uri=\\\"test://notes/readme\\\" mimeType=\\\"text/markdown\\\">\\n# Test notes\\nThe secret word is aubergine.\\n</resource>";
        Assert.Equal(3, model.ChatRequests.Count);
        Assert.All(model.ChatRequests, r => Assert.Contains(inlined, r.Body, StringComparison.Ordinal));
        var user = await Nexo.Messages.GetAsync(first.UserMessageId);
        var stored = Assert.Single(user.Metadata!.Value.GetProperty("files").EnumerateArray());
        Assert.Equal("test://notes/readme", stored.GetProperty("uri").GetString());
        Assert.Equal(fixture.Test.Id, stored.GetProperty("serverId").GetString());
        Assert.Equal("notes", stored.GetProperty("server").GetString());
    }

    [Fact]
    public async Task ImageResource_ReachesTheProviderAsAnImagePart_AlsoOnTheNextTurn()
    {
        await using var model = await FakeOpenAIServer.StartAsync();
        var chat = await fixture.NewChatAsync(model);

        await Nexo.Chats.SendMessageAsync(new SendMessageRequest
        {
            ChatId = chat.Id,
            Content = "Describe it",
            Resources = [new McpResourceReference { ServerId = fixture.Test.Id, Uri = "test://images/pixel.png" }],
        });
        await Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Once more" });

        foreach (var request in model.ChatRequests)
        {
            var user = request.Json!["messages"]!.AsArray().First(m => m!["role"]!.GetValue<string>() == "user")!;
            var parts = user["content"]!.AsArray();
            Assert.Contains(parts, p => p!["type"]!.GetValue<string>() == "image_url"
                && p["image_url"]!["url"]!.GetValue<string>().StartsWith("data:image/png;base64,iVBORw0KGgo", StringComparison.Ordinal));
            Assert.Contains(parts, p => p!["type"]!.GetValue<string>() == "text" && p["text"]!.GetValue<string>().Contains("uri=\"test://images/pixel.png\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task EditAndResend_SendsTheNewResources()
    {
        await using var model = await FakeOpenAIServer.StartAsync();
        var chat = await fixture.NewChatAsync(model);
        var first = await Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "hi" });

        await Nexo.Chats.EditAndResendAsync(new EditAndResendRequest
        {
            ChatId = chat.Id,
            MessageId = first.UserMessageId,
            NewContent = "Greet Ada",
            NewResources = [new McpResourceReference { ServerId = fixture.Test.Id, Uri = "test://greetings/Ada" }],
        });

        Assert.Contains("Hello, Ada!", model.ChatRequests[^1].Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Hello, Ada!", model.ChatRequests[0].Body, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, NexoErrorKind, string> BadReferences => new()
    {
        { "unknown-server", "test://notes/readme", NexoErrorKind.NotFound, "'unknown-server' does not exist" },
        { "disabled", "test://notes/readme", NexoErrorKind.Validation, "'off' is disabled" },
        { "outside", "test://notes/readme", NexoErrorKind.Validation, "'elsewhere' is not one of the servers of the workspace" },
        { "test", "test://no/such/note", NexoErrorKind.NotFound, "The MCP server 'notes' has no resource 'test://no/such/note'" },
        { "test", "demo://resource/static/document/features.md", NexoErrorKind.NotFound, "it is a resource of the MCP server 'everything'" },
        { "test", "test://data/blob.bin", NexoErrorKind.Validation, "is binary (application/octet-stream, 4 bytes): only text and images" },
    };

    [Theory]
    [MemberData(nameof(BadReferences))]
    public async Task BadResourceReference_IsATypedError_AndStoresNothing(string server, string uri, NexoErrorKind kind, string message)
    {
        await using var model = await FakeOpenAIServer.StartAsync();
        var chat = await fixture.NewChatAsync(model);
        var serverId = server switch
        {
            "disabled" => fixture.Disabled.Id,
            "outside" => fixture.Outside.Id,
            "test" => fixture.Test.Id,
            _ => server,
        };

        var error = await Assert.ThrowsAsync<NexoException>(() => Nexo.Chats.SendMessageAsync(new SendMessageRequest
        {
            ChatId = chat.Id,
            Content = "look at this",
            Resources = [new McpResourceReference { ServerId = serverId, Uri = uri }],
        }));

        Assert.Equal(kind, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(await Nexo.Messages.GetActiveBranchAsync(chat.Id));
        Assert.Empty(model.ChatRequests);
    }

    [Fact]
    public async Task BuiltinTool_ListsAndReadsResources_AndAResourceLinkNotInTheList_UnderAllowReads()
    {
        await using var model = await FakeOpenAIServer.StartAsync();
        var chat = await fixture.NewChatAsync(model, [BuiltinToolNames.ReadMcpResource], ToolPermissionMode.AllowReads);
        var asked = 0;
        using var subscription = Nexo.Events.Subscribe(e =>
        {
            if (e is ToolPermissionRequestEvent)
            {
                Interlocked.Increment(ref asked);
            }
        });
        model.Enqueue(
            FakeResponse.ToolCall("read_mcp_resource", "{}", "list"),
            FakeResponse.ToolCall("read_mcp_resource", """{"server": "notes", "uri": "test://notes/readme"}""", "read"),
            FakeResponse.ToolCall("read_mcp_resource", """{"server": "everything", "uri": "demo://resource/dynamic/text/4"}""", "link"),
            FakeResponse.Text("The secret word is aubergine."));

        var result = await Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Find the secret word" });

        Assert.Equal("The secret word is aubergine.", result.AssistantMessage.Content);
        Assert.Equal(0, asked);
        var tools = (await Nexo.Messages.GetActiveBranchAsync(chat.Id)).Where(m => m.Role == MessageRole.Tool).ToList();
        Assert.All(tools, t => Assert.Equal(MessageStatus.Complete, t.Status));
        Assert.Contains("- test://notes/readme — readme (text/markdown)", tools[0].Content, StringComparison.Ordinal);
        Assert.Contains("- template test://greetings/{name}", tools[0].Content, StringComparison.Ordinal);
        Assert.Contains("demo://resource/static/document/features.md", tools[0].Content, StringComparison.Ordinal);
        Assert.Contains("The secret word is aubergine.", tools[1].Content, StringComparison.Ordinal);
        Assert.Contains("Resource 4: This is a plaintext resource", tools[2].Content, StringComparison.Ordinal);
        Assert.Contains("aubergine", model.ChatRequests[2].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolResultResourceLink_TellsTheModel_WhichReadsItWithTheBuiltinTool()
    {
        await using var model = await FakeOpenAIServer.StartAsync();
        var chat = await fixture.NewChatAsync(model, [BuiltinToolNames.ReadMcpResource]);
        model.Enqueue(
            FakeResponse.ToolCall("get-resource-links", """{"count": 2}""", "links"),
            FakeResponse.ToolCall("read_mcp_resource", """{"server": "everything", "uri": "demo://resource/dynamic/text/2"}""", "read"),
            FakeResponse.Text("done"));

        await Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "links" });

        var tools = (await Nexo.Messages.GetActiveBranchAsync(chat.Id)).Where(m => m.Role == MessageRole.Tool).ToList();
        Assert.Contains("read it with the read_mcp_resource tool", tools[0].Content, StringComparison.Ordinal);
        var content = JsonNode.Parse(tools[0].Metadata!.Value.GetProperty("result").GetProperty("content").GetRawText())!.AsArray();
        Assert.Contains(content, c => c!["type"]!.GetValue<string>() == "resource_link" && c["uri"]!.GetValue<string>() == "demo://resource/dynamic/text/2" && c["name"]!.GetValue<string>() == "Text Resource 2");
        Assert.Contains("Resource 2: This is a plaintext resource", tools[1].Content, StringComparison.Ordinal);
    }
}
