using Microsoft.Extensions.AI;
using Nexo.Context;

namespace Nexo.Sdk.Tests.Context;

public sealed class TokenCounterTests
{
    /// <summary>
    /// The example of OpenAI's cookbook "How to count tokens with tiktoken" (section 6), for which the OpenAI API itself
    /// reported 129 prompt tokens on gpt-3.5-turbo, gpt-4-0613 and gpt-4, and 124 on gpt-4o and gpt-4o-mini.
    /// </summary>
    private static readonly ChatMessage[] CookbookMessages =
    [
        new(ChatRole.System, "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."),
        new(ChatRole.System, "New synergies will help drive top-line growth.") { AuthorName = "example_user" },
        new(ChatRole.System, "Things working well together will increase revenue.") { AuthorName = "example_assistant" },
        new(ChatRole.System, "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.") { AuthorName = "example_user" },
        new(ChatRole.System, "Let's talk later when we're less busy about how to do better.") { AuthorName = "example_assistant" },
        new(ChatRole.User, "This late pivot means we don't have time to boil the ocean for the client deliverable."),
    ];

    [Theory]
    [InlineData("gpt-4o", 124)]
    [InlineData("gpt-4o-mini", 124)]
    [InlineData("gpt-4", 129)]
    [InlineData("gpt-4-0613", 129)]
    [InlineData("gpt-3.5-turbo", 129)]
    public void TheCount_OfOpenAIsCookbookExample_EqualsThePromptTokensTheOpenAIApiReported(string model, int reported)
    {
        var counter = TokenCounter.For(LlmProviderKind.OpenAI, model);

        Assert.True(counter.IsExact);
        Assert.Equal(reported, counter.Count(CookbookMessages));
    }

    [Fact]
    public async Task TheCount_OfARequest_EqualsWhatTheFakeOpenAIServerReports_AsPromptTokens()
    {
        await using var server = await Nexo.Testing.FakeOpenAIServer.StartAsync();
        server.ContextWindow = 100_000;
        using var factory = new LlmClientFactory();
        using var client = factory.CreateClient(
            new LlmConnection { Id = "c", Name = "c", Provider = LlmProviderKind.OpenAICompatible, BaseUrl = server.BaseUrl },
            new LlmConnectionSecrets { ApiKey = "k" },
            "gpt-4o");
        ChatMessage[] messages =
        [
            new(ChatRole.System, "You answer in one word."),
            new(ChatRole.User, "What colour is the sky on a clear day? Give one word, in English."),
            new(ChatRole.Assistant, "Blue."),
            new(ChatRole.User, "And at night — «noir» en français?"),
        ];

        var response = await client.GetResponseAsync(messages, new ChatOptions { ModelId = "gpt-4o" });

        Assert.Equal(TokenCounter.For(LlmProviderKind.OpenAICompatible, "gpt-4o").Count(messages), response.Usage!.InputTokenCount);
    }

    [Theory]
    [InlineData("claude-sonnet-4-5", LlmProviderKind.Anthropic)]
    [InlineData("llama3.2", LlmProviderKind.Ollama)]
    [InlineData("mistral-large", LlmProviderKind.OpenAICompatible)]
    public void AModelWhoseTokenizerIsUnknown_IsEstimated(string model, LlmProviderKind provider)
    {
        var counter = TokenCounter.For(provider, model);

        Assert.False(counter.IsExact);
        Assert.Equal("estimate", counter.Encoding);
        // ASCII letters and spaces a quarter each, ASCII digits and punctuation half, Cyrillic half, any other character one.
        Assert.Equal(3 + 2, counter.Count("abcdefghi" + "éß"));
        Assert.Equal(2 + 3 + 1, counter.Count("{\"a\": 1}" + "мир" + "x"));
    }

    [Theory]
    [InlineData("gpt-5-mini", "o200k_base")]
    [InlineData("o3-mini", "o200k_base")]
    [InlineData("openai/gpt-4.1", "o200k_base")]
    [InlineData("gpt-3.5-turbo-0125", "cl100k_base")]
    [InlineData("gpt-4-turbo", "cl100k_base")]
    public void OpenAIModels_AreCountedWithTheirOwnEncoding(string model, string encoding)
    {
        Assert.Equal(encoding, TokenCounter.For(LlmProviderKind.OpenAICompatible, model).Encoding);
    }

    private static readonly string[] BoundTexts =
    [
        "Hello, world!",
        "The quick brown fox jumps over the lazy dog. " + new string('a', 300),
        "    public static int Main(string[] args) => args.Length switch { 0 => 1, _ => 0 };\n\t\t// tabs\r\n",
        "日本語のテキストと中文文本，还有한국어 텍스트。",
        "emoji 👩‍👩‍👧‍👦 🏳️‍🌈 🤖🤖🤖 and combining e\u0301 a\u0308",
        "1234567890 3.14159265358979 0xDEADBEEF 2026-12-05T07:50:24Z",
        new string(' ', 200) + "spaces" + new string('\n', 50),
        "Ünïcödé ÅÄÖ ñ ß Œ ǅ — “quotes” ‘single’ … ¿¡",
    ];

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("gpt-4")]
    public void TheUtf8Bound_IsNeverBelowTheExactCount_OfATextOrARequest(string model)
    {
        var exact = TokenCounter.For(LlmProviderKind.OpenAI, model);
        var bound = TokenCounter.Utf8Bound;

        Assert.True(exact.IsExact);
        Assert.False(bound.IsExact);
        foreach (var text in BoundTexts)
        {
            Assert.True(bound.Count(text) >= exact.Count(text), $"'{text}': bound {bound.Count(text)} < exact {exact.Count(text)}");
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text), bound.Count(text));
        }

        var messages = BoundTexts.Select((t, i) => new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, t)).Concat(CookbookMessages).ToList();
        Assert.True(bound.Count(messages) >= exact.Count(messages));
    }

    [Fact]
    public void ARequestWithinTheBudgetByItsBytes_IsSentWhole_AndOneOverIt_IsLeftToTheExactCount()
    {
        var start = DateTimeOffset.UnixEpoch;
        var branch = BoundTexts.Select((t, i) => new Message
        {
            Id = $"m{i}",
            ChatId = "c",
            ParentId = i == 0 ? null : $"m{i - 1}",
            Role = i % 2 == 0 ? MessageRole.User : MessageRole.Assistant,
            Content = t,
            CreatedAt = start.AddSeconds(i),
            UpdatedAt = start.AddSeconds(i),
        }).ToList();
        var history = TurnHistory.Create(new ChatMessage(ChatRole.System, "Be brief."), branch, Path.GetTempPath());
        var exact = TokenCounter.For(LlmProviderKind.OpenAI, "gpt-4o");
        var exactTotal = TokenCounter.ReplyPriming + exact.Count(history.System!) + history.Current.Sum(exact.Count)
            + history.Groups.Sum(g => g.Tokens(exact, history.AttachmentsFolder, history.Media));

        var bound = ContextFitter.FitsByUtf8Bound(history, tools: null, budget: 100_000);

        Assert.NotNull(bound);
        Assert.True(bound >= exactTotal, $"bound {bound} < exact {exactTotal}");
        Assert.Null(ContextFitter.FitsByUtf8Bound(history, tools: null, budget: bound.Value - 1));
        Assert.Equal(bound, ContextFitter.FitsByUtf8Bound(history, tools: null, budget: bound.Value));
    }
}
