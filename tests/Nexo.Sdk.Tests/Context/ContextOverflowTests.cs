using Nexo.Context;

namespace Nexo.Sdk.Tests.Context;

public sealed class ContextOverflowTests
{
    private static NexoException Provider(string message, string? type = null) => new(NexoErrorKind.Llm, "The LLM provider answered HTTP 400 (Bad Request): " + message)
    {
        Details = new Dictionary<string, object?> { ["status"] = 400, ["providerMessage"] = message, ["errorType"] = type },
    };

    [Theory]
    [InlineData("This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.", "invalid_request_error", 8192)]
    [InlineData("Something unusual.", "context_length_exceeded", null)]
    [InlineData("prompt is too long: 210000 tokens > 200000 maximum", "invalid_request_error", 200000)]
    [InlineData("the request exceeds the available context size, try increasing it", null, null)]
    [InlineData("This model's maximum context length is 32768 tokens. However, you requested 40000 tokens", null, 32768)]
    [InlineData("Input is too long for requested model.", "ValidationException", null)]
    public void AProvidersContextLengthError_IsRecognised_WithTheWindowItStates(string message, string? type, int? window)
    {
        var error = Provider(message, type);

        Assert.True(ContextOverflow.Is(error));
        Assert.Equal(window, ContextOverflow.StatedWindow(error));
    }

    [Theory]
    [InlineData("Invalid API key provided.")]
    [InlineData("Rate limit reached for gpt-4o on tokens per min (TPM): Limit 30000, Used 29000.")]
    [InlineData("The model `gpt-9` does not exist.")]
    public void OtherProviderErrors_AreNotTakenForAContextLengthError(string message)
    {
        Assert.False(ContextOverflow.Is(Provider(message)));
        Assert.False(ContextOverflow.Is(new NexoException(NexoErrorKind.Validation, message)));
    }
}
