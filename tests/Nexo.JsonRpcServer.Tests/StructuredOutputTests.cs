using System.Text.Json.Nodes;
using Nexo.Testing;

namespace Nexo.JsonRpcServer.Tests;

/// <summary><c>send_message</c>'s <c>responseFormat</c> and PDF attachments through the real server process.</summary>
public sealed class StructuredOutputTests
{
    private static object PersonSchema() => new
    {
        title = "person",
        type = "object",
        properties = new { name = new { type = "string" }, age = new { type = "integer" } },
        required = new[] { "name", "age" },
    };

    [Fact]
    public async Task SendMessage_WithResponseFormat_SendsTheSchemaAsOpenAIJsonSchema_AndStoresTheCheck()
    {
        await using var turn = await TurnFixture.StartAsync();
        turn.Provider.Enqueue(FakeResponse.Text("{\"name\":\"Ada\",\"age\":36}"));

        var result = await turn.Server.CallAsync("send_message", new { chatId = turn.ChatId, content = "Who?", responseFormat = PersonSchema() });

        var format = turn.Provider.LastChatRequest!.Json!["response_format"]!;
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.Equal("person", (string?)format["json_schema"]!["name"]);
        Assert.Equal("integer", (string?)format["json_schema"]!["schema"]!["properties"]!["age"]!["type"]);
        var assistant = result["assistantMessage"]!;
        Assert.Equal("{\"name\":\"Ada\",\"age\":36}", (string?)assistant["content"]);
        Assert.True((bool)assistant["metadata"]!["responseFormat"]!["valid"]!);
    }

    [Fact]
    public async Task SendMessage_WithResponseFormat_AnswerFailingTheSchema_IsAnLlmErrorWithThePath_AndTheAnswerIsKept()
    {
        await using var turn = await TurnFixture.StartAsync();
        turn.Provider.Enqueue(FakeResponse.Text("{\"name\":\"Ada\",\"age\":\"old\"}"));

        var error = await turn.Server.CallErrorAsync("send_message", new { chatId = turn.ChatId, content = "Who?", responseFormat = PersonSchema() });
        var messages = await turn.Server.CallAsync("get_messages", new { chatId = turn.ChatId });

        Assert.Equal("llm", (string?)error["data"]!["kind"]);
        Assert.Contains("$.age", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal("$.age", (string?)error["data"]!["details"]!["path"]);
        var assistant = messages.AsArray().Single(m => (string?)m!["role"] == "assistant")!;
        Assert.Equal("error", (string?)assistant["status"]);
        Assert.Equal("{\"name\":\"Ada\",\"age\":\"old\"}", (string?)assistant["content"]);
        Assert.False((bool)assistant["metadata"]!["responseFormat"]!["valid"]!);
    }

    [Fact]
    public async Task SendMessage_WithAResponseFormatThatIsNotAnObject_IsAValidationError()
    {
        await using var turn = await TurnFixture.StartAsync();

        var error = await turn.Server.CallErrorAsync("send_message", new { chatId = turn.ChatId, content = "Who?", responseFormat = "name str" });

        Assert.Equal("validation", (string?)error["data"]!["kind"]);
        Assert.Equal("responseFormat", (string?)error["data"]!["details"]!["field"]);
        Assert.Empty(turn.Provider.ChatRequests);
    }

    [Fact]
    public async Task SendMessage_WithAPdf_SendsItsTextWithPageMarkers()
    {
        await using var turn = await TurnFixture.StartAsync();
        var pdf = TestPdf.WriteTemp("memo.pdf", "The launch is on Friday", "Bring snacks");

        await turn.Server.CallAsync("send_message", new { chatId = turn.ChatId, content = "When?", files = new[] { pdf } });

        var body = turn.Provider.LastChatRequest!.Body;
        Assert.Contains("--- page 1 ---\\nThe launch is on Friday", body, StringComparison.Ordinal);
        Assert.Contains("--- page 2 ---\\nBring snacks", body, StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(pdf)!, true);
    }
}
