using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Nexo.Testing;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>Structured output (<see cref="SendMessageRequest.ResponseFormat"/>) through the real provider clients against the fake servers.</summary>
public sealed class StructuredOutputTests
{
    private const string PersonSchema = """
        {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"],"additionalProperties":false}
        """;

    private static ChatResponseFormat Person() =>
        ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(PersonSchema).RootElement.Clone(), "person");

    private static async Task<(NexoClient Nexo, TempDatabase Db, Chat Chat)> OpenAsync(LlmProviderKind provider, string baseUrl)
    {
        var db = new TempDatabase();
        var options = db.Options;
        options.StreamFlushInterval = TimeSpan.FromMilliseconds(10);
        var nexo = await NexoClient.OpenAsync(options);
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "p", Provider = provider, BaseUrl = baseUrl, ApiKey = "sk-test-key", DefaultModel = "m1" });
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "t" });
        return (nexo, db, chat);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SchemaTurn_SendsOpenAIJsonSchemaResponseFormat_AndStoresTheValidatedAnswer(bool stream)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (nexo, db, chat) = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl);
        await using var _ = db;
        await using var __ = nexo;
        server.Enqueue(FakeResponse.Text("{\"name\":", "\"Ada\",\"age\":36}"));

        var result = await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Who?", ResponseFormat = Person(), Stream = stream });

        var format = server.LastChatRequest!.Json!["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.Equal("person", format["json_schema"]!["name"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(PersonSchema), format["json_schema"]!["schema"]));
        Assert.Equal("{\"name\":\"Ada\",\"age\":36}", result.AssistantMessage.Content);
        Assert.Equal(MessageStatus.Complete, result.AssistantMessage.Status);
        var stored = await nexo.Messages.GetAsync(result.AssistantMessageId);
        var check = stored.Metadata!.Value.GetProperty("responseFormat");
        Assert.True(check.GetProperty("valid").GetBoolean());
        Assert.Equal("person", check.GetProperty("name").GetString());
        Assert.Equal("integer", check.GetProperty("schema").GetProperty("properties").GetProperty("age").GetProperty("type").GetString());
    }

    [Fact]
    public async Task SchemaTurn_SendsAnthropicOutputConfigFormat_AndStoresTheValidatedAnswer()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var (nexo, db, chat) = await OpenAsync(LlmProviderKind.Anthropic, server.BaseUrl);
        await using var _ = db;
        await using var __ = nexo;
        server.Enqueue(FakeResponse.Text("{\"name\":\"Ada\",\"age\":36}"));

        var result = await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Who?", ResponseFormat = Person() });

        // The Anthropic package maps MEAI's JSON schema format to the Messages API's structured output parameter
        // (output_config.format, no name, no forced tool, no extra system text).
        var body = server.LastChatRequest!.Json!;
        var format = body["output_config"]!["format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(PersonSchema), format["schema"]));
        Assert.Null(body["tools"]);
        Assert.Null(body["system"]);
        Assert.Equal(MessageStatus.Complete, result.AssistantMessage.Status);
        Assert.True((await nexo.Messages.GetAsync(result.AssistantMessageId)).Metadata!.Value.GetProperty("responseFormat").GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task SchemaTurn_SendsTheSchemaAsOllamaFormat()
    {
        await using var server = await FakeOllamaServer.StartAsync();
        var (nexo, db, chat) = await OpenAsync(LlmProviderKind.Ollama, server.BaseUrl);
        await using var _ = db;
        await using var __ = nexo;
        server.Enqueue(FakeResponse.Text("{\"name\":\"Ada\",\"age\":36}"));

        var result = await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Who?", ResponseFormat = Person() });

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(PersonSchema), server.LastChatRequest!.Json!["format"]), server.LastChatRequest.Body);
        Assert.Equal(MessageStatus.Complete, result.AssistantMessage.Status);
    }

    [Fact]
    public async Task SchemaTurn_AnswerFailingTheSchema_IsAnLlmErrorNamingThePath_AndTheTextIsKept()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (nexo, db, chat) = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl);
        await using var _ = db;
        await using var __ = nexo;
        var errors = new List<MessageErrorEvent>();
        using var sub = nexo.Events.Subscribe(e => { if (e is MessageErrorEvent m) { lock (errors) { errors.Add(m); } } });
        server.Enqueue(FakeResponse.Text("{\"name\":\"Ada\",\"age\":\"old\"}"));

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Who?", ResponseFormat = Person() }));

        Assert.Equal(NexoErrorKind.Llm, ex.Kind);
        Assert.Contains("$.age", ex.Message, StringComparison.Ordinal);
        Assert.Contains("integer", ex.Message, StringComparison.Ordinal);
        Assert.Equal("$.age", ex.Details["path"]);
        var stored = (await nexo.Messages.ListAsync(chat.Id)).Last();
        Assert.Equal(MessageRole.Assistant, stored.Role);
        Assert.Equal(MessageStatus.Error, stored.Status);
        Assert.Equal("{\"name\":\"Ada\",\"age\":\"old\"}", stored.Content);
        Assert.Equal(ex.Message, stored.Error);
        var check = stored.Metadata!.Value.GetProperty("responseFormat");
        Assert.False(check.GetProperty("valid").GetBoolean());
        Assert.Equal("$.age", check.GetProperty("path").GetString());
        Assert.Equal(NexoErrorKind.Llm, Assert.Single(errors).Kind);
    }

    [Fact]
    public async Task SchemaTurn_AnswerMissingARequiredProperty_NamesIt()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (nexo, db, chat) = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl);
        await using var _ = db;
        await using var __ = nexo;
        server.Enqueue(FakeResponse.Text("{\"name\":\"Ada\"}"));

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Who?", ResponseFormat = Person() }));

        Assert.Equal(NexoErrorKind.Llm, ex.Kind);
        Assert.Contains("at $:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("age", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemaTurn_AnswerThatIsNotJson_IsAnLlmError_AndTheTextIsKept()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (nexo, db, chat) = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl);
        await using var _ = db;
        await using var __ = nexo;
        server.Enqueue(FakeResponse.Text("Sure! Ada is 36."));

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Who?", ResponseFormat = Person() }));

        Assert.Equal(NexoErrorKind.Llm, ex.Kind);
        Assert.Contains("not JSON", ex.Message, StringComparison.Ordinal);
        var stored = (await nexo.Messages.ListAsync(chat.Id)).Last();
        Assert.Equal((MessageStatus.Error, "Sure! Ada is 36."), (stored.Status, stored.Content));
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"$ref\":\"https://example.invalid/person.json\"}")]
    [InlineData("{\"type\":42}")]
    public async Task SchemaTurn_WithAnUnusableSchema_IsAValidationError_AndStoresNothing(string schema)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (nexo, db, chat) = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl);
        await using var _ = db;
        await using var __ = nexo;
        var format = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(schema).RootElement.Clone(), "bad");

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Who?", ResponseFormat = format }));

        Assert.Equal(NexoErrorKind.Validation, ex.Kind);
        Assert.Equal("responseFormat", ex.Details["field"]);
        Assert.Empty(await nexo.Messages.ListAsync(chat.Id));
        Assert.Empty(server.ChatRequests);
    }

    [Fact]
    public async Task SendMessage_MetadataSettingTheReservedResponseFormatKey_IsAValidationError()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (nexo, db, chat) = await OpenAsync(LlmProviderKind.OpenAICompatible, server.BaseUrl);
        await using var _ = db;
        await using var __ = nexo;

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "x", Metadata = JsonDocument.Parse("{\"responseFormat\":{\"valid\":true}}").RootElement.Clone() }));

        Assert.Equal(NexoErrorKind.Validation, ex.Kind);
        Assert.Equal("metadata", ex.Details["field"]);
    }
}
