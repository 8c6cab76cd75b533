using Microsoft.Extensions.AI;

namespace Nexo.Sdk.Tests.Llm;

public sealed class EchoChatClientTests
{
    private static IChatClient Echo()
    {
        var factory = new LlmClientFactory();
        var connection = new LlmConnection { Id = "e", Name = "echo", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost" };
        return factory.CreateClient(connection, new LlmConnectionSecrets(), "echo");
    }

    [Fact]
    public async Task Streaming_RepeatsTheLastUserMessageWordByWord()
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Echo().GetStreamingResponseAsync([new(ChatRole.User, "first"), new(ChatRole.Assistant, "x"), new(ChatRole.User, "hello  brave new\nworld")]))
        {
            updates.Add(update);
        }

        var words = updates.Select(u => u.Text).Where(t => t.Length > 0).ToList();
        Assert.Equal(["hello  ", "brave ", "new\n", "world"], words);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.Equal(4, updates.ToChatResponse().Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task ToolCommand_EmitsAFunctionCall()
    {
        var response = await Echo().GetResponseAsync("/tool get_weather {\"city\":\"Paris\"}");

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("Paris", call.Arguments!["city"]?.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task AfterAToolResult_AnswersWithTheResult()
    {
        var call = new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" });
        List<ChatMessage> history =
        [
            new(ChatRole.User, "/tool get_weather {\"city\":\"Paris\"}"),
            new(ChatRole.Assistant, [call]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "21 °C and sunny")]),
        ];

        var response = await Echo().GetResponseAsync(history);

        Assert.Equal("Tool get_weather returned: 21 °C and sunny", response.Text);
    }

    [Fact]
    public async Task WithFunctionInvocation_RunsTheWholeToolLoopOffline()
    {
        var client = new ChatClientBuilder(Echo()).UseFunctionInvocation().Build();
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((int a, int b) => new { sum = a + b }, "add")] };

        var response = await client.GetResponseAsync("/tool add {\"a\":2,\"b\":40}", options);

        Assert.Contains("Tool add returned:", response.Text, StringComparison.Ordinal);
        Assert.Contains("42", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_NamesTheEchoProvider()
    {
        var metadata = Echo().GetService<ChatClientMetadata>();

        Assert.Equal("echo", metadata?.ProviderName);
        Assert.Equal("echo", metadata?.DefaultModelId);
    }
}
