namespace Nexo.Sdk.Tests.Validation;

/// <summary>URLs, headers and models of LLM connections.</summary>
public sealed class ConnectionValidationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not a url")]
    [InlineData("/v1/relative")]
    [InlineData("ftp://example.com")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ws://example.com")]
    [InlineData("localhost:8080")]
    public async Task BadBaseUrls_AreValidationErrorsOnBaseUrl(string url)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ok = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "ok", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" });

        await NexoAssert.ValidationAsync("baseUrl", () => nexo.Connections.CreateAsync(new NewLlmConnection { Name = "c", Provider = LlmProviderKind.OpenAI, BaseUrl = url }));
        await NexoAssert.ValidationAsync("baseUrl", () => nexo.Connections.UpdateAsync(ok.Id, new LlmConnectionUpdate { BaseUrl = url }));
        Assert.Equal("http://localhost:1", (await nexo.Connections.GetAsync(ok.Id)).BaseUrl);
    }

    [Theory]
    [InlineData("Bad Header")]
    [InlineData("X:Colon")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Ünicode")]
    [InlineData("Tab\tHeader")]
    public async Task BadHeaderNames_AreValidationErrorsOnHeaders(string header)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var headers = new Dictionary<string, string> { [header] = "v" };
        var ok = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "ok", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" });

        await NexoAssert.ValidationAsync("headers", () => nexo.Connections.CreateAsync(new NewLlmConnection { Name = "c", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://x.example", Headers = headers }));
        await NexoAssert.ValidationAsync("headers", () => nexo.Connections.UpdateAsync(ok.Id, new LlmConnectionUpdate { Headers = headers }));
        await NexoAssert.ValidationAsync("headers", () => nexo.McpServers.CreateAsync(new NewMcpServer { Name = "s", Transport = McpTransportKind.Http, Url = "https://x.example", Headers = headers }));
    }

    [Theory]
    [InlineData("two\r\nlines")]
    [InlineData("line\nfeed")]
    [InlineData("carriage\rreturn")]
    public async Task HeaderValuesOnSeveralLines_AreValidationErrorsOnHeaders(string value)
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        var ex = await NexoAssert.ValidationAsync("headers", () => nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "c",
            Provider = LlmProviderKind.OpenAI,
            BaseUrl = "https://x.example",
            Headers = new Dictionary<string, string> { ["X-Ok"] = value },
        }));
        Assert.DoesNotContain(value, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsWithoutAnId_AreValidationErrorsOnModels()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var ok = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "ok", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost:1" });

        await NexoAssert.ValidationAsync("models", () => nexo.Connections.CreateAsync(new NewLlmConnection { Name = "c", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://x.example", Models = [new LlmModel { Id = " " }] }));
        await NexoAssert.ValidationAsync("models", () => nexo.Connections.UpdateAsync(ok.Id, new LlmConnectionUpdate { Models = [new LlmModel { Id = "" }] }));
    }
}
