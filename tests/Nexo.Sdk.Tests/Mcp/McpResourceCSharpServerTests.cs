namespace Nexo.Sdk.Tests.Mcp;

/// <summary>Resources of the C# test server (2026-07-28 protocol): images, binary data, templates, no subscriptions.</summary>
[Collection(CSharpServerCollection.Name)]
public sealed class McpResourceCSharpServerTests(CSharpServerFixture fixture)
{
    private McpHost Mcp => fixture.Nexo.Mcp;

    [Fact]
    public async Task ReadsAnImageResource_AsABase64BlobWithItsMimeType()
    {
        var read = await Mcp.ReadResourceAsync(fixture.Server.Id, "test://images/pixel.png");

        var content = Assert.Single(read.Contents);
        Assert.Equal("image/png", content.MimeType);
        Assert.Null(content.Text);
        Assert.Equal((byte)0x89, Convert.FromBase64String(content.Blob!)[0]);
    }

    [Fact]
    public async Task ListsTemplates_AndReadsThroughOne()
    {
        var templates = await Mcp.ListResourceTemplatesAsync(fixture.Server.Id);
        var resources = await Mcp.ListResourcesAsync(fixture.Server.Id);

        var greeting = Assert.Single(templates, t => t.UriTemplate == "test://greetings/{name}");
        Assert.Equal(["name"], greeting.Arguments);
        Assert.Contains(resources, r => r is { Uri: "test://notes/readme", MimeType: "text/markdown" });
        var read = await Mcp.ReadResourceTemplateAsync(fixture.Server.Id, greeting.UriTemplate, new Dictionary<string, string> { ["name"] = "Ada" });
        Assert.Equal("Hello, Ada!", Assert.Single(read.Contents).Text);
        Assert.Equal("test://greetings/Ada", read.Uri);
    }

    [Fact]
    public async Task ReadingAnUnknownUri_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<NexoException>(() => Mcp.ReadResourceAsync(fixture.Server.Id, "test://nothing/here"));

        Assert.Equal(NexoErrorKind.NotFound, error.Kind);
        Assert.Contains("'test://nothing/here'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribingOnAServerWithoutSubscriptions_IsAValidationError()
    {
        var error = await Assert.ThrowsAsync<NexoException>(() => Mcp.SubscribeResourceAsync(fixture.Server.Id, "test://notes/readme"));

        Assert.Equal(NexoErrorKind.Validation, error.Kind);
        Assert.Contains("does not support resource subscriptions", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo://resource/dynamic/text/{resourceId}", new[] { "resourceId" })]
    [InlineData("file:///{+path}{?query,page}", new[] { "path", "query", "page" })]
    [InlineData("x://{/segments*}/{id:3}/{id}", new[] { "segments", "id" })]
    [InlineData("plain://no/variables", new string[0])]
    public void TemplateArgumentNames_AreTheVariablesInOrder(string template, string[] expected) =>
        Assert.Equal(expected, McpResourceResults.VariableNames(template));
}
