using System.Text.Json;
using System.Text.Json.Nodes;
using Nexo.Sdk.Tests.Mcp;
using Nexo.Testing;
using Xunit.Abstractions;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>
/// Rich MCP tool results in whole turns: images and audio from real MCP servers (<c>server-everything</c>'s
/// <c>get-tiny-image</c>, the C# test server's <c>audio</c>) reach the local fake providers in their real wire format, are
/// stored as files and sent again on later turns; structured content is checked against the tool's output schema; a
/// tool error keeps its text.
/// </summary>
public sealed class ToolMediaTurnTests(ITestOutputHelper output)
{
    private sealed record Setup(TempDatabase Db, NexoClient Nexo, Chat Chat, List<NexoEvent> Events, string EverythingId, string ToolsId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Nexo.DisposeAsync();
            await Db.DisposeAsync();
        }

        public async Task<List<Message>> ToolMessagesAsync() =>
            (await Nexo.Messages.GetActiveBranchAsync(Chat.Id)).Where(m => m.Role == MessageRole.Tool).ToList();
    }

    private static async Task<Setup> OpenAsync(LlmProviderKind provider, string baseUrl, string model = "m1", IReadOnlyList<LlmModel>? models = null)
    {
        await McpTestEnvironment.EnsureNodeServersAsync();
        var db = new TempDatabase();
        var nexo = await db.OpenAsync();
        var events = new List<NexoEvent>();
        nexo.Events.Subscribe(e => { lock (events) { events.Add(e); } });
        var everything = await nexo.McpServers.CreateAsync(NodeServersFixture.EverythingConfig("everything"));
        var tools = await nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer("tools"));
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "p", Provider = provider, BaseUrl = baseUrl, ApiKey = "sk-test-key", DefaultModel = model, Models = models,
        });
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch
        {
            LlmConnectionId = connection.Id,
            ToolPermissionMode = ToolPermissionMode.AllowAll,
            McpToolIds = new Dictionary<string, IReadOnlyList<string>>
            {
                [everything.Id] = ["get-tiny-image", "get-structured-content"],
                [tools.Id] = ["audio", "weather", "bad_weather", "unstructured_weather", "fail"],
            },
        });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "t" });
        return new Setup(db, nexo, chat, events, everything.Id, tools.Id);
    }

    private static async Task<string> TinyImageBase64Async(Setup s) =>
        (await s.Nexo.Mcp.CallToolAsync(s.EverythingId, "get-tiny-image", null)).Content.Single(c => c.Type == "image").Data!;

    private static JsonArray Messages(RecordedRequest request) => request.Json!["messages"]!.AsArray();

    [Fact]
    public async Task OpenAI_TinyImage_ReachesTheModelAsAnImagePart_AfterTheToolMessage_AndAgainWhenALaterTurnIsRebuiltFromStorage()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        await using var s = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl);
        var image = await TinyImageBase64Async(s);
        server.Enqueue(FakeResponse.ToolCall("get-tiny-image", "{}", "call_img"), FakeResponse.Text("It is the MCP logo."), FakeResponse.Text("Still the logo."));

        await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = "show me the image" });

        // The tool message carries text only (chat completions accept nothing else there); the image follows it in a
        // user message as an image_url data URL with the exact bytes the server sent.
        var sent = Messages(server.ChatRequests[1]);
        var toolIndex = sent.ToList().FindIndex(m => m!["role"]!.GetValue<string>() == "tool");
        var tool = sent[toolIndex]!;
        Assert.Equal("call_img", tool["tool_call_id"]!.GetValue<string>());
        Assert.Equal("Here's the image you requested:\nThe image above is the MCP logo.\n[image image/png]", tool["content"]!.GetValue<string>());
        var follow = sent[toolIndex + 1]!;
        Assert.Equal("user", follow["role"]!.GetValue<string>());
        var url = follow["content"]!.AsArray().Single(p => p!["type"]!.GetValue<string>() == "image_url")!["image_url"]!["url"]!.GetValue<string>();
        Assert.Equal("data:image/png;base64," + image, url);

        // Stored: the bytes in a file under attachments/<tool message id>/, only their description in the metadata.
        var stored = Assert.Single(await s.ToolMessagesAsync());
        var item = stored.Metadata!.Value.GetProperty("result").GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "image");
        Assert.False(item.TryGetProperty("data", out _));
        var file = Path.Combine(s.Db.Folder, "attachments", stored.Id, item.GetProperty("path").GetString()!);
        Assert.Equal(Convert.FromBase64String(image), await File.ReadAllBytesAsync(file));
        Assert.Equal(new FileInfo(file).Length, item.GetProperty("size").GetInt64());
        output.WriteLine($"stored tool message: content {stored.Content.Length} chars, metadata {stored.Metadata.Value.GetRawText().Length} chars; image file {new FileInfo(file).Length} bytes (inline it would add {image.Length} base64 chars)");

        // A later turn rebuilds the history from storage and sends the image again, in the same place.
        await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = "and again?" });
        var rebuilt = Messages(server.ChatRequests[2]);
        var again = rebuilt.ToList().FindIndex(m => m!["role"]!.GetValue<string>() == "tool");
        Assert.Equal("data:image/png;base64," + image, rebuilt[again + 1]!["content"]!.AsArray().Single(p => p!["type"]!.GetValue<string>() == "image_url")!["image_url"]!["url"]!.GetValue<string>());
        Assert.Equal("assistant", rebuilt[again + 2]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task Anthropic_TinyImage_IsAnImageBlockInsideTheToolResult_AlsoOnALaterTurn()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        await using var s = await OpenAsync(LlmProviderKind.Anthropic, server.BaseUrl);
        var image = await TinyImageBase64Async(s);
        server.Enqueue(FakeResponse.ToolCall("get-tiny-image", "{}", "toolu_img"), FakeResponse.Text("The logo."), FakeResponse.Text("Again."));

        await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = "show me the image" });
        await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = "and again?" });

        foreach (var request in new[] { server.ChatRequests[1], server.ChatRequests[2] })
        {
            var result = Messages(request).SelectMany(m => m!["content"] is JsonArray blocks ? blocks : []).Single(b => b!["type"]!.GetValue<string>() == "tool_result")!;
            Assert.Equal("toolu_img", result["tool_use_id"]!.GetValue<string>());
            Assert.False(result["is_error"]?.GetValue<bool>() ?? false);
            var blocks = result["content"]!.AsArray();
            Assert.StartsWith("Here's the image you requested:", blocks[0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
            var picture = blocks.Single(b => b!["type"]!.GetValue<string>() == "image")!["source"]!;
            Assert.Equal(("base64", "image/png", image), (picture["type"]!.GetValue<string>(), picture["media_type"]!.GetValue<string>(), picture["data"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Ollama_TinyImage_GoesInTheImagesOfAUserMessageAfterTheToolResult()
    {
        await using var server = await FakeOllamaServer.StartAsync();
        await using var s = await OpenAsync(LlmProviderKind.Ollama, server.BaseUrl);
        var image = await TinyImageBase64Async(s);
        server.Enqueue(FakeResponse.ToolCall("get-tiny-image", "{}", "call_img"), FakeResponse.Text("The logo."));

        await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = "show me the image" });

        var sent = Messages(server.ChatRequests[1]);
        var toolIndex = sent.ToList().FindIndex(m => m!["role"]!.GetValue<string>() == "tool");
        Assert.Equal("user", sent[toolIndex + 1]!["role"]!.GetValue<string>());
        Assert.Equal(image, sent[toolIndex + 1]!["images"]!.AsArray().Single()!.GetValue<string>());
    }

    [Fact]
    public async Task AModelWithoutImageSupport_GetsThePlaceholderText_AndNoImagePart()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        await using var s = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl, "text-only", [new LlmModel { Id = "text-only", SupportsImages = false }]);
        server.Enqueue(FakeResponse.ToolCall("get-tiny-image", "{}", "call_img"), FakeResponse.Text("I cannot see it."));

        await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = "show me the image" });

        var sent = Messages(server.ChatRequests[1]);
        Assert.EndsWith("[image image/png]", sent.Single(m => m!["role"]!.GetValue<string>() == "tool")!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("tool", sent[^1]!["role"]!.GetValue<string>());
        Assert.DoesNotContain("image_url", server.ChatRequests[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audio_IsAnInputAudioPartForAnOpenAIAudioModel_AndAPlaceholderForAnthropic()
    {
        await using var openAi = await FakeOpenAIServer.StartAsync();
        await using (var s = await OpenAsync(LlmProviderKind.OpenAI, openAi.BaseUrl, "gpt-4o-audio-preview"))
        {
            openAi.Enqueue(FakeResponse.ToolCall("audio", "{}", "call_audio"), FakeResponse.Text("A beep."));
            await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = "play it" });
        }

        var follow = Messages(openAi.ChatRequests[1])[^1]!;
        var audio = follow["content"]!.AsArray().Single(p => p!["type"]!.GetValue<string>() == "input_audio")!["input_audio"]!;
        Assert.Equal("wav", audio["format"]!.GetValue<string>());
        Assert.Equal(Nexo.TestMcpServer.TestTools.TinyWav(), Convert.FromBase64String(audio["data"]!.GetValue<string>()));

        await using var anthropic = await FakeAnthropicServer.StartAsync();
        await using (var s = await OpenAsync(LlmProviderKind.Anthropic, anthropic.BaseUrl))
        {
            anthropic.Enqueue(FakeResponse.ToolCall("audio", "{}", "toolu_audio"), FakeResponse.Text("I cannot hear it."));
            await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = "play it" });
        }

        var body = anthropic.ChatRequests[1].Body;
        Assert.Contains("a beep\\n[audio audio/wav]", body, StringComparison.Ordinal);
        Assert.DoesNotContain("UklGR", body, StringComparison.Ordinal); // no base64 WAV ("RIFF…") anywhere
    }

    [Fact]
    public async Task StructuredContent_MatchingTheOutputSchema_IsStored_InTheCompletedEvent_AndTheModelGetsTheText()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        await using var s = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl);
        server.Enqueue(FakeResponse.ToolCall("get-structured-content", """{"location":"Chicago"}""", "call_w"), FakeResponse.Text("Drizzle."));

        await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = "weather?" });

        var stored = Assert.Single(await s.ToolMessagesAsync());
        Assert.Equal(MessageStatus.Complete, stored.Status);
        var structured = stored.Metadata!.Value.GetProperty("result").GetProperty("structuredContent");
        Assert.Equal(36, structured.GetProperty("temperature").GetInt32());
        ToolExecutionCompletedEvent completed;
        lock (s.Events)
        {
            completed = s.Events.OfType<ToolExecutionCompletedEvent>().Single();
        }

        var result = Assert.Single(completed.Results);
        Assert.Equal(("call_w", stored.Id, false), (result.ToolCallId, result.ToolMessageId, result.IsError));
        Assert.Equal("Light rain / drizzle", result.StructuredContent!.Value.GetProperty("conditions").GetString());
        var tool = Messages(server.ChatRequests[1]).Single(m => m!["role"]!.GetValue<string>() == "tool")!;
        Assert.Equal("""{"temperature":36,"conditions":"Light rain / drizzle","humidity":82}""", tool["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task StructuredContent_BreakingTheOutputSchema_IsAnErrorForTheModel_NamingThePath_AndKeepingTheText()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        await using var s = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl);
        server.Enqueue(
            FakeResponse.ToolCall("bad_weather", """{"city":"Oslo"}""", "call_bad").WithToolCall("unstructured_weather", """{"city":"Oslo"}""", "call_none"),
            FakeResponse.Text("The tool is broken."));

        await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = "weather?" });

        var stored = await s.ToolMessagesAsync();
        var bad = stored.Single(m => m.ToolCallId == "call_bad");
        Assert.Equal(MessageStatus.Error, bad.Status);
        Assert.Contains("does not match its output schema: at $.temperatureC:", bad.Content, StringComparison.Ordinal);
        Assert.EndsWith("The tool's text was:\nOslo: warm", bad.Content, StringComparison.Ordinal);
        var result = bad.Metadata!.Value.GetProperty("result");
        Assert.Equal("$.temperatureC", result.GetProperty("outputSchemaPath").GetString());
        Assert.Equal("warm", result.GetProperty("structuredContent").GetProperty("temperatureC").GetString()); // kept as sent
        var none = stored.Single(m => m.ToolCallId == "call_none");
        Assert.Equal(MessageStatus.Error, none.Status);
        Assert.Contains("returned no structured content", none.Content, StringComparison.Ordinal);
        Assert.Contains("Oslo: 21.5 C, sunny", none.Content, StringComparison.Ordinal);

        var tools = Messages(server.ChatRequests[1]).Where(m => m!["role"]!.GetValue<string>() == "tool").ToList();
        Assert.StartsWith("Error: The result of the tool 'bad_weather' does not match its output schema: at $.temperatureC", tools[0]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Error: The result of the tool 'unstructured_weather'", tools[1]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        ToolExecutionCompletedEvent completed;
        lock (s.Events)
        {
            completed = s.Events.OfType<ToolExecutionCompletedEvent>().Single();
        }

        Assert.Equal(2, completed.FailedCount);
        Assert.All(completed.Results, r => Assert.True(r.IsError && r.StructuredContent is null));
    }

    [Fact]
    public async Task ToolError_KeepsItsText_AndIsMarkedAsAnErrorForTheModel()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        await using var s = await OpenAsync(LlmProviderKind.Anthropic, server.BaseUrl);
        server.Enqueue(FakeResponse.ToolCall("fail", """{"message":"disk full on /var"}""", "toolu_fail"), FakeResponse.Text("The disk is full."), FakeResponse.Text("Still full."));

        await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = "try it" });
        await s.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = s.Chat.Id, Content = "again" });

        var stored = Assert.Single(await s.ToolMessagesAsync());
        Assert.Equal(("disk full on /var", MessageStatus.Error, "disk full on /var"), (stored.Content, stored.Status, stored.Error));
        foreach (var request in new[] { server.ChatRequests[1], server.ChatRequests[2] })
        {
            var result = Messages(request).SelectMany(m => m!["content"] is JsonArray blocks ? blocks : []).Single(b => b!["type"]!.GetValue<string>() == "tool_result")!;
            Assert.True(result["is_error"]!.GetValue<bool>());
            Assert.Equal("Error: disk full on /var", result["content"] is JsonArray parts ? parts[0]!["text"]!.GetValue<string>() : result["content"]!.GetValue<string>());
        }
    }
}
