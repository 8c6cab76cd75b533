using System.Text.Json.Nodes;
using Nexo.Testing;

namespace Nexo.Cli.Tests;

/// <summary><c>nexo chat --schema</c> (structured output) and <c>--file</c> with a PDF, against a fake OpenAI server.</summary>
public sealed class SchemaAndPdfCommandTests : IAsyncLifetime
{
    private readonly NexoHome _home = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeProvider.StartAsync(_home);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task ChatSchemaShorthand_SendsAnObjectSchemaWithRequiredTypedFields_AndPrintsTheValidJson()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Text("{\"name\":\"Ada\",", "\"age\":36,\"height\":1.7,\"alive\":false}"));

        var r = await _home.RunAsync("chat", "Who?", "--schema", "name, age int: in years, height float, alive bool");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("{\"name\":\"Ada\",\"age\":36,\"height\":1.7,\"alive\":false}\n", r.StdOut);
        var format = Assert.Single(FakeProvider.Turns(_server)).Json!["response_format"]!;
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.Equal("response", (string?)format["json_schema"]!["name"]);
        // MEAI's OpenAI client adds "additionalProperties": false to the object schema it sends.
        var expected = JsonNode.Parse("""
            {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer","description":"in years"},"height":{"type":"number"},"alive":{"type":"boolean"}},"required":["name","age","height","alive"],"additionalProperties":false}
            """);
        Assert.True(JsonNode.DeepEquals(expected, format["json_schema"]!["schema"]), format["json_schema"]!["schema"]!.ToJsonString());
    }

    [Fact]
    public async Task ChatSchemaShorthand_OnSeparateLines_KeepsCommasInDescriptions()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Text("{\"city\":\"Paris\",\"note\":\"x\"}"));

        var r = await _home.RunAsync("chat", "Where?", "--schema", "city: the city, not the country\nnote");

        Assert.Equal(0, r.ExitCode);
        var schema = Assert.Single(FakeProvider.Turns(_server)).Json!["response_format"]!["json_schema"]!["schema"]!;
        Assert.Equal("the city, not the country", (string?)schema["properties"]!["city"]!["description"]);
        Assert.Equal(["city", "note"], schema["required"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task ChatSchemaFile_SendsTheFilesSchemaNamedByItsTitle()
    {
        var file = Path.Combine(_home.Folder, "person.schema.json");
        await File.WriteAllTextAsync(file, """{"title":"person","type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""");
        FakeProvider.Answer(_server, _ => FakeResponse.Text("{\"name\":\"Ada\"}"));

        var r = await _home.RunAsync("chat", "Who?", "--schema", file);

        Assert.Equal(0, r.ExitCode);
        var format = Assert.Single(FakeProvider.Turns(_server)).Json!["response_format"]!;
        Assert.Equal("person", (string?)format["json_schema"]!["name"]);
        Assert.Equal("name", (string?)format["json_schema"]!["schema"]!["required"]![0]);
    }

    [Fact]
    public async Task ChatSchema_AnswerFailingTheSchema_IsOneLlmErrorLineWithThePath_AndTheAnswerIsStored()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Text("{\"name\":\"Ada\",\"age\":\"old\"}"));

        var r = await _home.RunAsync("chat", "Who?", "--schema", "name, age int");

        Assert.Equal(1, r.ExitCode);
        var error = Assert.Single(r.StdErr.Split('\n'), l => l.StartsWith("error[", StringComparison.Ordinal));
        Assert.StartsWith("error[Llm]:", error, StringComparison.Ordinal);
        Assert.Contains("$.age", error, StringComparison.Ordinal);
        var chat = Assert.Single((await _home.RunAsync("chats", "list", "--json")).Json.EnumerateArray());
        var messages = (await _home.RunAsync("chats", "show", chat.GetProperty("id").GetString()!, "--json")).Json.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("{\"name\":\"Ada\",\"age\":\"old\"}", messages[1].GetProperty("content").GetString());
        Assert.Equal("error", messages[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task ChatSchema_WithAnUnknownType_IsAUsageError_AndNothingIsSent()
    {
        var r = await _home.RunAsync("chat", "Who?", "--schema", "name, age years");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown type 'years'", r.StdErr, StringComparison.Ordinal);
        Assert.Empty(FakeProvider.Turns(_server));
    }

    [Fact]
    public async Task ChatFile_WithAPdf_SendsItsTextWithPageMarkers()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Text("Friday"));
        var pdf = TestPdf.WriteTemp("plan.pdf", "Ship on Friday", "Party after");

        var r = await _home.RunAsync("chat", "When?", "--file", pdf);

        Assert.Equal(0, r.ExitCode);
        var body = Assert.Single(FakeProvider.Turns(_server)).Body;
        Assert.Contains("<file name=\\\"plan.pdf\\\">", body, StringComparison.Ordinal);
        Assert.Contains("--- page 1 ---\\nShip on Friday", body, StringComparison.Ordinal);
        Assert.Contains("--- page 2 ---\\nParty after", body, StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(pdf)!, true);
    }
}
