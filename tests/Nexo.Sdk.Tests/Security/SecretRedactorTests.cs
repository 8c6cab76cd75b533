using Nexo.Security;

namespace Nexo.Sdk.Tests.Security;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Redact_RemovesEveryKnownValue_LongestFirst()
    {
        var redactor = new SecretRedactor(["s3cr3t-value", "s3cr3t-value-and-more", null, ""]);

        Assert.Equal("a *** b *** c", redactor.Redact("a s3cr3t-value b s3cr3t-value-and-more c"));
    }

    [Fact]
    public void Redact_IgnoresValuesTooShortToRedactSafely()
    {
        var redactor = new SecretRedactor(["1", "ab"]);

        Assert.Equal("a1b ab", redactor.Redact("a1b ab"));
    }

    [Fact]
    public void Redact_RemovesTheCredentialOfAnAuthorizationHeaderValue_OnItsOwnToo()
    {
        var redactor = new SecretRedactor(["Bearer tok-0123456789"]);

        Assert.Equal("sent *** then ***", redactor.Redact("sent Bearer tok-0123456789 then tok-0123456789"));
    }

    [Theory]
    [InlineData("GET https://user:p4ss@example.com/mcp failed", "GET https://***@example.com/mcp failed")]
    [InlineData("at https://ghp_token123@github.com/x", "at https://***@github.com/x")]
    [InlineData("https://h.example/sse?api_key=abc123&x=1", "https://h.example/sse?api_key=***&x=1")]
    [InlineData("https://h.example/?token=abc&access_token=def#f", "https://h.example/?token=***&access_token=***#f")]
    [InlineData("https://h.example/?key=k1;secret=s2 and more", "https://h.example/?key=***;secret=*** and more")]
    [InlineData("https://h.example/?page=2&q=hello", "https://h.example/?page=2&q=hello")]
    public void Redact_RemovesUrlUserinfoAndKeyLikeQueryValues_EvenWhenNotKnown(string text, string expected)
    {
        Assert.Equal(expected, SecretRedactor.None.Redact(text));
    }

    [Fact]
    public void Redact_RemovesTheSecretPartsOfAConfiguredUrl_WhereverThatValueAppears()
    {
        var redactor = new SecretRedactor(["https://me:pa55word@h.example/mcp?apikey=k-0123456789"]);

        Assert.Equal("echo: pa55 *** and ***", redactor.Redact("echo: pa55 pa55word and k-0123456789"));
    }

    [Fact]
    public void For_AnMcpEndpoint_CoversEnvAndHeaderValues()
    {
        var endpoint = new McpEndpoint
        {
            Name = "s",
            Transport = McpTransportKind.Stdio,
            Command = "node",
            Env = new Dictionary<string, string> { ["TOKEN"] = "s3cr3t-value" },
            Headers = new Dictionary<string, string> { ["X-Api-Key"] = "hdr-0123456789" },
        };

        Assert.Equal("*** / ***", SecretRedactor.For(endpoint).Redact("s3cr3t-value / hdr-0123456789"));
    }

    [Fact]
    public void For_AnLlmConnection_CoversTheApiKeyHeaderValuesAndBaseUrlCredentials()
    {
        var connection = new LlmConnection { Id = "c", Name = "c", Provider = LlmProviderKind.OpenAICompatible, BaseUrl = "https://me:pa55word-1@llm.example/v1?api-key=q-0123456789" };
        var secrets = new LlmConnectionSecrets { ApiKey = "sk-0123456789abcdef", Headers = new Dictionary<string, string> { ["X-Org"] = "org-0123456789" } };

        Assert.Equal(
            "key *** org *** pw *** q ***",
            SecretRedactor.For(connection, secrets).Redact("key sk-0123456789abcdef org org-0123456789 pw pa55word-1 q q-0123456789"));
    }

    [Fact]
    public void Redact_AnError_RedactsItsMessageAndTextDetails_AndDropsAnInnerExceptionThatQuotesASecret()
    {
        var redactor = new SecretRedactor(["sk-0123456789abcdef"]);
        var leaky = new NexoException(NexoErrorKind.Llm, "bad key sk-0123456789abcdef", new InvalidOperationException("body: sk-0123456789abcdef"))
        {
            Details = new Dictionary<string, object?> { ["providerMessage"] = "bad key sk-0123456789abcdef", ["status"] = 401 },
        };
        var clean = new NexoException(NexoErrorKind.Llm, "HTTP 500", new InvalidOperationException("boom"));

        var redacted = redactor.RedactError(leaky);

        Assert.Equal("bad key ***", redacted.Message);
        Assert.Equal("bad key ***", redacted.Details["providerMessage"]);
        Assert.Equal(401, redacted.Details["status"]);
        Assert.Equal(NexoErrorKind.Llm, redacted.Kind);
        Assert.Null(redacted.InnerException);
        Assert.Same(clean, redactor.RedactError(clean));
    }

    [Fact]
    public void RedactResult_OfASuccess_RemovesOnlyKnownValuesOfEightOrMoreCharacters_AndKeepsUrls()
    {
        var redactor = new SecretRedactor(["tok-0123456789", "8080", "Bearer hdr-abcdefgh"]);
        var result = new McpToolResult
        {
            Text = "token tok-0123456789 port 8080 auth hdr-abcdefgh see https://u:p@h.example/?key=v",
            Content = [new McpContentItem { Type = "resource_link", Uri = "https://h.example/x?t=tok-0123456789", Name = "tok-0123456789" }],
            StructuredContent = System.Text.Json.JsonDocument.Parse("""{"a":["tok-0123456789", 1, {"b":"x tok-0123456789"}]}""").RootElement,
        };

        var redacted = redactor.RedactResult(result);

        Assert.Equal("token *** port 8080 auth *** see https://u:p@h.example/?key=v", redacted.Text);
        Assert.Equal("https://h.example/x?t=***", redacted.Content[0].Uri);
        Assert.Equal("***", redacted.Content[0].Name);
        Assert.Equal("""{"a":["***",1,{"b":"x ***"}]}""", redacted.StructuredContent!.Value.GetRawText());
    }

    [Fact]
    public void RedactResult_OfAFailure_RedactsFully()
    {
        var redactor = new SecretRedactor(["8080"]);

        var redacted = redactor.RedactResult(new McpToolResult { IsError = true, Text = "port 8080 at https://u:p@h.example/" });

        Assert.Equal("port *** at https://***@h.example/", redacted.Text);
    }

    [Fact]
    public void Redact_LeavesNullAndEmptyAlone()
    {
        Assert.Null(SecretRedactor.None.Redact(null));
        Assert.Equal(string.Empty, SecretRedactor.None.Redact(string.Empty));
    }
}
