using Microsoft.Extensions.AI;
using Nexo.Testing;

namespace Nexo.Sdk.Tests.Llm;

/// <summary>Every built-in provider, through LlmClientFactory, against a fake server speaking its wire format.</summary>
public sealed class ProviderStreamingTests
{
    public static IEnumerable<object[]> Providers => ProviderFixture.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Streaming_TextChunks_ArriveInOrderAndConcatenate(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.Enqueue(FakeResponse.Text("The ", "sky ", "is ", "blue."));

        var updates = await fx.StreamAsync("Why is the sky blue?");

        var texts = updates.SelectMany(u => u.Contents.OfType<TextContent>()).Select(t => t.Text).Where(t => t.Length > 0).ToList();
        Assert.Equal(["The ", "sky ", "is ", "blue."], texts);
        Assert.Equal("The sky is blue.", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(ChatFinishReason.Stop, updates.Last(u => u.FinishReason is not null).FinishReason);
        Assert.Single(fx.Server.ChatRequests);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Streaming_Reasoning_ArrivesAsTextReasoningContent(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.Enqueue(FakeResponse.Empty.WithReasoning("Rayleigh ", "scattering.").WithText("Blue light ", "scatters."));

        var updates = await fx.StreamAsync(options: new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Medium } });

        var reasoning = string.Concat(updates.SelectMany(u => u.Contents.OfType<TextReasoningContent>()).Select(r => r.Text));
        Assert.Equal("Rayleigh scattering.", reasoning);
        Assert.Equal("Blue light scatters.", string.Concat(updates.Select(u => u.Text)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Streaming_ToolCallDeltas_AssembleIntoFunctionCall(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.Enqueue(FakeResponse.Text("Let me check.").WithToolCall("get_weather", """{"city":"Paris","unit":"celsius"}""", "call_42"));
        var tool = AIFunctionFactory.Create((string city, string unit) => $"{city}: 21 {unit}", "get_weather", "Gets the weather");

        var updates = await fx.StreamAsync("Weather in Paris?", new ChatOptions { Tools = [tool] });

        var response = updates.ToChatResponse();
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        if (provider == LlmProviderKind.Ollama)
        {
            // OllamaSharp makes its own call ids.
            Assert.False(string.IsNullOrEmpty(call.CallId));
        }
        else
        {
            Assert.Equal("call_42", call.CallId);
        }

        Assert.Equal("Paris", call.Arguments!["city"]?.ToString());
        Assert.Equal("celsius", call.Arguments!["unit"]?.ToString());
        if (provider != LlmProviderKind.Ollama)
        {
            // Ollama reports "stop" even when it calls tools.
            Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        }

        var sentTools = fx.Server.LastChatRequest.Json!["tools"]!.AsArray();
        Assert.Contains("get_weather", sentTools.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Streaming_ReportsUsage(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.Enqueue(FakeResponse.Text("Hi").WithUsage(42, 7));

        var updates = await fx.StreamAsync();

        var usage = updates.ToChatResponse().Usage;
        Assert.NotNull(usage);
        Assert.Equal(42, usage.InputTokenCount);
        Assert.Equal(7, usage.OutputTokenCount);
        Assert.Contains(updates.SelectMany(u => u.Contents), c => c is UsageContent);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenAICompatible_ReasoningInTheReasoningField_IsReadToo(bool stream)
    {
        // OpenRouter and Ollama's OpenAI-compatible endpoint send `reasoning`, not `reasoning_content`.
        await using var fx = await ProviderFixture.StartAsync(LlmProviderKind.OpenAICompatible);
        ((FakeOpenAIServer)fx.Server).ReasoningField = "reasoning";
        fx.Server.Enqueue(FakeResponse.Empty.WithReasoning("Rayleigh ", "scattering.").WithText("Blue."));

        var contents = stream
            ? (await fx.StreamAsync()).SelectMany(u => u.Contents).ToList()
            : (await fx.Client().GetResponseAsync("Why is the sky blue?")).Messages.SelectMany(m => m.Contents).ToList();

        Assert.Equal("Rayleigh scattering.", string.Concat(contents.OfType<TextReasoningContent>().Select(r => r.Text)));
        Assert.Equal("Blue.", string.Concat(contents.OfType<TextContent>().Select(t => t.Text)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NonStreaming_ReturnsTextReasoningToolCallAndUsage(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.Enqueue(FakeResponse.Empty.WithReasoning("Think").WithText("Answer").WithToolCall("lookup", """{"q":"x"}""", "call_1").WithUsage(5, 3));

        var response = await fx.Client().GetResponseAsync("Question", new ChatOptions { Tools = [AIFunctionFactory.Create((string q) => q, "lookup")] });

        var contents = response.Messages.SelectMany(m => m.Contents).ToList();
        Assert.Equal("Answer", response.Text);
        Assert.Equal("Think", string.Concat(contents.OfType<TextReasoningContent>().Select(r => r.Text)));
        Assert.Equal("lookup", Assert.Single(contents.OfType<FunctionCallContent>()).Name);
        Assert.Equal(5, response.Usage?.InputTokenCount);
        Assert.Equal(3, response.Usage?.OutputTokenCount);
        Assert.NotEqual(true, fx.Server.LastChatRequest.Stream);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Request_CarriesModelMessagesTemperatureAndMaxTokens(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);

        await fx.StreamAsync("ping", new ChatOptions { Temperature = 0.25f, MaxOutputTokens = 321 });

        var body = fx.Server.LastChatRequest.Json!;
        Assert.Equal(fx.Model, body["model"]!.GetValue<string>());
        Assert.Contains("ping", body["messages"]!.ToJsonString(), StringComparison.Ordinal);
        var (temperature, maxTokens) = provider switch
        {
            LlmProviderKind.Ollama => (body["options"]!["temperature"], body["options"]!["num_predict"]!),
            LlmProviderKind.Anthropic => (body["temperature"], body["max_tokens"]!),
            _ => (body["temperature"], body["max_completion_tokens"] ?? body["max_tokens"]!),
        };
        Assert.Equal(321, maxTokens.GetValue<int>());
        if (provider == LlmProviderKind.Anthropic)
        {
            // The Anthropic SDK's Messages API has no temperature.
            Assert.Null(temperature);
        }
        else
        {
            Assert.Equal(0.25, temperature!.GetValue<double>(), 3);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RateLimited_WithRetryAfter_SucceedsAfterOneRetry(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.Enqueue(FakeResponse.Fail(429, "Rate limit reached", retryAfter: TimeSpan.FromSeconds(1)), FakeResponse.Text("finally"));

        var updates = await fx.StreamAsync();

        Assert.Equal("finally", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(2, fx.Server.ChatRequests.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(fx.Time.Delays));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ServerError_ThreeTimes_FailsWithLlmErrorNamingTheStatus(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.Enqueue(FakeResponse.Fail(500, "Internal meltdown"), FakeResponse.Fail(500, "Internal meltdown"), FakeResponse.Fail(500, "Internal meltdown"));

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => fx.StreamAsync());
        var error = LlmErrors.From(thrown);

        Assert.Equal(NexoErrorKind.Llm, error.Kind);
        Assert.Equal(500, error.Details["status"]);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Contains("Internal meltdown", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, fx.Server.ChatRequests.Count);
        Assert.Equal(2, fx.Time.Delays.Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BadRequest_IsNotRetried_AndCarriesTheProviderMessage(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.Enqueue(FakeResponse.Fail(400, "messages: field required"));

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => fx.Client().GetResponseAsync("x"));
        var error = LlmErrors.From(thrown);

        Assert.Equal(400, error.Details["status"]);
        Assert.Equal("messages: field required", error.Details["providerMessage"]);
        Assert.Single(fx.Server.ChatRequests);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ConnectionResetBeforeHeaders_IsRetried(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.Enqueue(FakeResponse.Reset(), FakeResponse.Text("after reset"));

        var updates = await fx.StreamAsync();

        Assert.Equal("after reset", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(2, fx.Server.ChatRequests.Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ConnectionDroppedMidStream_SurfacesTheErrorWithoutRetryOrDuplicateText(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.Enqueue(FakeResponse.Text("one ", "two ", "three").DroppingAfter(2), FakeResponse.Text("SHOULD NOT BE SENT"));
        var received = new List<string>();

        var thrown = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var update in fx.Client().GetStreamingResponseAsync("count"))
            {
                received.Add(update.Text);
            }
        });
        var error = LlmErrors.From(thrown);

        Assert.Equal(NexoErrorKind.Llm, error.Kind);
        Assert.Equal("connection", error.Details["reason"]);
        Assert.Equal("one two ", string.Concat(received));
        Assert.Single(fx.Server.ChatRequests);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MalformedFrame_MapsToAnLlmError(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.Enqueue(FakeResponse.Text("ok ", "then garbage").MalformedAfter(1));

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => fx.StreamAsync());
        var error = LlmErrors.From(thrown);

        Assert.Equal(NexoErrorKind.Llm, error.Kind);
        Assert.Equal("malformed", error.Details["reason"]);
        Assert.Single(fx.Server.ChatRequests);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ErrorInsideTheStream_MapsToAnLlmErrorWithTheProviderMessage(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.Enqueue(FakeResponse.Text("partial ", "more").FailingAfter(1, "Overloaded", "overloaded_error"));

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => fx.StreamAsync());
        var error = LlmErrors.From(thrown);

        Assert.Equal(NexoErrorKind.Llm, error.Kind);
        Assert.Contains("Overloaded", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ApiKeyAndExtraHeaders_ReachTheServer(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);

        await fx.StreamAsync(client: fx.Client("sk-secret", new Dictionary<string, string> { ["X-Team"] = "blue", ["HTTP-Referer"] = "https://nexo.test" }));

        var request = fx.Server.LastChatRequest;
        Assert.Equal("blue", request.Header("X-Team"));
        Assert.Equal("https://nexo.test", request.Header("HTTP-Referer"));
        if (provider == LlmProviderKind.Anthropic)
        {
            Assert.Equal("sk-secret", request.Header("x-api-key"));
            Assert.Null(request.Header("Authorization"));
            Assert.NotNull(request.Header("anthropic-version"));
        }
        else
        {
            Assert.Equal("Bearer sk-secret", request.Header("Authorization"));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NoApiKey_SendsNoCredentialHeaderAtAll(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);

        await fx.StreamAsync(client: fx.Client(apiKey: null));
        await fx.Factory.ListModelsAsync(fx.Connection(), new LlmConnectionSecrets());

        Assert.All(fx.Server.Requests, r =>
        {
            Assert.Null(r.Header("Authorization"));
            Assert.Null(r.Header("x-api-key"));
        });
    }

    [Fact]
    public async Task Anthropic_ReasoningEffort_BecomesAThinkingBudget()
    {
        await using var fx = await ProviderFixture.StartAsync(LlmProviderKind.Anthropic);

        await fx.StreamAsync(options: new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } });
        await fx.StreamAsync(options: new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } });

        var budgets = fx.Server.ChatRequests.Select(r => r.Json!["thinking"]!).ToList();
        Assert.All(budgets, t => Assert.Equal("enabled", t["type"]!.GetValue<string>()));
        Assert.Equal([1024, 16384], budgets.Select(t => t["budget_tokens"]!.GetValue<int>()));
        Assert.True(fx.Server.ChatRequests[1].Json!["max_tokens"]!.GetValue<int>() > 16384);
    }

    [Fact]
    public async Task Anthropic_ThinkingSignature_IsKeptForTheNextTurn()
    {
        await using var fx = await ProviderFixture.StartAsync(LlmProviderKind.Anthropic);
        fx.Server.Enqueue(FakeResponse.Empty.WithReasoning("hmm").WithText("42"));
        var client = fx.Client();

        var first = (await fx.StreamAsync("question", client: client)).ToChatResponse();
        List<ChatMessage> history = [new(ChatRole.User, "question"), .. first.Messages, new(ChatRole.User, "and?")];
        await client.GetResponseAsync(history);

        var replayed = fx.Server.LastChatRequest.Json!["messages"]!.AsArray()[1]!["content"]!.AsArray();
        var thinking = replayed.Single(b => b!["type"]!.GetValue<string>() == "thinking")!;
        Assert.Equal("hmm", thinking["thinking"]!.GetValue<string>());
        Assert.Equal(FakeResponse.Empty.ThinkingSignature, thinking["signature"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenAI_Streaming_AsksForUsageAndSendsReasoningEffort()
    {
        await using var fx = await ProviderFixture.StartAsync(LlmProviderKind.OpenAI);

        await fx.StreamAsync(options: new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } });

        var body = fx.Server.LastChatRequest.Json!;
        Assert.True(body["stream"]!.GetValue<bool>());
        Assert.True(body["stream_options"]!["include_usage"]!.GetValue<bool>());
        Assert.Equal("high", body["reasoning_effort"]!.GetValue<string>());
    }

    [Fact]
    public async Task ToolLoop_ThroughFunctionInvokingChatClient_SendsTheResultBack()
    {
        await using var fx = await ProviderFixture.StartAsync(LlmProviderKind.OpenAICompatible);
        fx.Server.Enqueue(FakeResponse.ToolCall("add", """{"a":2,"b":40}""", "call_add"), FakeResponse.Text("The sum is 42."));
        var client = new ChatClientBuilder(fx.Client()).UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync("2+40?", new ChatOptions { Tools = [AIFunctionFactory.Create((int a, int b) => a + b, "add")] });

        Assert.Equal("The sum is 42.", response.Text);
        var second = fx.Server.ChatRequests[1].Json!["messages"]!.AsArray();
        var toolMessage = second.Single(m => m!["role"]!.GetValue<string>() == "tool")!;
        Assert.Equal("call_add", toolMessage["tool_call_id"]!.GetValue<string>());
        Assert.Equal("42", toolMessage["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task ChunkDelays_AreObservedAsSeparateUpdates()
    {
        await using var fx = await ProviderFixture.StartAsync(LlmProviderKind.OpenAICompatible);
        fx.Server.Enqueue(FakeResponse.Text("a").WithText("b", TimeSpan.FromMilliseconds(50)));
        var stamps = new List<(string Text, DateTime At)>();

        await foreach (var update in fx.Client().GetStreamingResponseAsync("x"))
        {
            if (update.Text.Length > 0)
            {
                stamps.Add((update.Text, DateTime.UtcNow));
            }
        }

        Assert.Equal(["a", "b"], stamps.Select(s => s.Text));
        Assert.True(stamps[1].At - stamps[0].At >= TimeSpan.FromMilliseconds(30));
    }

    [Fact]
    public void CreateClient_WithoutModel_IsAValidationError()
    {
        using var factory = new LlmClientFactory();
        var connection = new LlmConnection { Id = "c", Name = "c", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://api.openai.com/v1" };

        var error = Assert.Throws<NexoException>(() => factory.CreateClient(connection, new LlmConnectionSecrets(), " "));

        Assert.Equal(NexoErrorKind.Validation, error.Kind);
    }

    [Fact]
    public async Task ChatClientMetadata_NamesTheProviderAndModel()
    {
        await using var fx = await ProviderFixture.StartAsync(LlmProviderKind.OpenAICompatible);

        var metadata = fx.Client().GetService<ChatClientMetadata>();

        Assert.Equal(fx.Model, metadata?.DefaultModelId);
        Assert.False(string.IsNullOrEmpty(metadata?.ProviderName));
    }
}
