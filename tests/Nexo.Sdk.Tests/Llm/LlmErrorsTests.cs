using System.Net;
using System.Text.Json;

namespace Nexo.Sdk.Tests.Llm;

public sealed class LlmErrorsTests
{
    [Theory]
    [InlineData("""{"error":{"message":"Bad key","type":"invalid_request_error","code":"invalid_api_key"}}""", "Bad key", "invalid_request_error")]
    [InlineData("""{"type":"error","error":{"type":"rate_limit_error","message":"Too fast"}}""", "Too fast", "rate_limit_error")]
    [InlineData("""{"error":"model 'x' not found"}""", "model 'x' not found", null)]
    [InlineData("""{"detail":"Not Found"}""", "Not Found", null)]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "<html><body>502 Bad Gateway</body></html>", null)]
    public void ProviderErrorBody_ReadsTheCommonShapes(string body, string message, string? type)
    {
        var parsed = ProviderErrorBody.Parse(body);

        Assert.Equal(message, parsed.Message);
        Assert.Equal(type, parsed.Type);
    }

    [Fact]
    public void ProviderErrorBody_ShortensLongBodies()
    {
        var parsed = ProviderErrorBody.Parse(new string('x', 5000));

        Assert.True(parsed.Message!.Length <= ProviderErrorBody.MaxExcerptLength + 1);
    }

    [Fact]
    public void HttpError_NamesStatusMessageAndSource()
    {
        var inner = new LlmHttpException(HttpStatusCode.NotFound, "Not Found", ProviderErrorBody.Parse("""{"error":"model 'nope' not found"}"""), null);

        var error = LlmErrors.From(new InvalidOperationException("wrapped", inner), "connection 'local'");

        Assert.Equal(NexoErrorKind.Llm, error.Kind);
        Assert.Equal(404, error.Details["status"]);
        Assert.Equal("model 'nope' not found", error.Details["providerMessage"]);
        Assert.Contains("connection 'local'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Check the base URL and the model id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_IsCancelled_AndTimeoutIsAnLlmError()
    {
        Assert.Equal(NexoErrorKind.Cancelled, LlmErrors.From(new OperationCanceledException()).Kind);
        var timeout = LlmErrors.From(new TaskCanceledException("t", new TimeoutException()));
        Assert.Equal(NexoErrorKind.Llm, timeout.Kind);
        Assert.Equal("timeout", timeout.Details["reason"]);
    }

    [Fact]
    public void JsonException_IsMalformed_AndNexoExceptionPassesThrough()
    {
        Assert.Equal("malformed", LlmErrors.From(new JsonException("bad")).Details["reason"]);
        var original = NexoException.Conflict("busy");
        Assert.Same(original, LlmErrors.From(original));
    }
}
