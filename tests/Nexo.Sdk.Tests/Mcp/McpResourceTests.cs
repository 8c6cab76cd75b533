using System.Text;
using System.Text.Json;

namespace Nexo.Sdk.Tests.Mcp;

/// <summary>Resources of the real npm <c>server-everything</c>: listing, templates, reading, subscriptions, resource links.</summary>
[Collection(NodeServersCollection.Name)]
public sealed class McpResourceTests(NodeServersFixture fixture)
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(60);

    private McpHost Mcp => fixture.Nexo.Mcp;

    [Fact]
    public async Task Everything_ListsItsStaticResources_AndItsTemplatesWithTheirArgumentNames()
    {
        var resources = await Mcp.ListResourcesAsync(fixture.Everything.Id);
        var templates = await Mcp.ListResourceTemplatesAsync(fixture.Everything.Id);

        Assert.Contains(resources, r => r.Uri == "demo://resource/static/document/features.md" && r.MimeType == "text/markdown");
        var text = Assert.Single(templates, t => t.UriTemplate == "demo://resource/dynamic/text/{resourceId}");
        Assert.Equal(["resourceId"], text.Arguments);
        Assert.Equal("Dynamic Text Resource", text.Name);
        Assert.Contains(templates, t => t.UriTemplate == "demo://resource/dynamic/blob/{resourceId}");
    }

    [Fact]
    public async Task Everything_ReadsAListedTextResource_WithItsMimeType()
    {
        var uri = (await Mcp.ListResourcesAsync(fixture.Everything.Id)).First(r => r.Uri.EndsWith("/features.md", StringComparison.Ordinal)).Uri;

        var read = await Mcp.ReadResourceAsync(fixture.Everything.Id, uri);

        Assert.Equal(fixture.Everything.Id, read.ServerId);
        var content = Assert.Single(read.Contents);
        Assert.Equal(uri, content.Uri);
        Assert.Equal("text/markdown", content.MimeType);
        Assert.Contains("## Resources", content.Text, StringComparison.Ordinal);
        Assert.Null(content.Blob);
    }

    [Fact]
    public async Task Everything_ReadsThroughATemplate_ExpandingItsArguments()
    {
        var text = await Mcp.ReadResourceTemplateAsync(fixture.Everything.Id, "demo://resource/dynamic/text/{resourceId}", new Dictionary<string, string> { ["resourceId"] = "7" });
        var blob = await Mcp.ReadResourceTemplateAsync(fixture.Everything.Id, "demo://resource/dynamic/blob/{resourceId}", new Dictionary<string, string> { ["resourceId"] = "3" });

        Assert.Equal("demo://resource/dynamic/text/7", text.Uri);
        Assert.StartsWith("Resource 7: This is a plaintext resource", Assert.Single(text.Contents).Text, StringComparison.Ordinal);
        var bytes = Convert.FromBase64String(Assert.Single(blob.Contents).Blob!);
        Assert.StartsWith("Resource 3: This is a base64 blob", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal("demo://resource/dynamic/blob/3", blob.Uri);
    }

    [Fact]
    public async Task Everything_ReadingAUriItDoesNotHave_IsNotFound_NamingTheServerAndTheUri()
    {
        var error = await Assert.ThrowsAsync<NexoException>(() => Mcp.ReadResourceAsync(fixture.Everything.Id, "demo://no/such/thing"));

        Assert.Equal(NexoErrorKind.NotFound, error.Kind);
        Assert.Contains("'everything'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'demo://no/such/thing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Everything_SubscribedResource_RaisesAnUpdatedEvent()
    {
        var uri = "demo://resource/static/document/startup.md";
        var updated = new TaskCompletionSource<McpResourcesChangedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = fixture.Nexo.Events.Subscribe(e =>
        {
            if (e is McpResourcesChangedEvent { Kind: McpResourcesChangeKind.Updated } changed && changed.Uri == uri)
            {
                updated.TrySetResult(changed);
            }
        });

        await Mcp.SubscribeResourceAsync(fixture.Everything.Id, uri);
        // The server sends an update for every subscribed URI at once when its simulated updates start.
        var toggle = await Mcp.CallToolAsync(fixture.Everything.Id, "toggle-subscriber-updates", null);
        try
        {
            var changed = await updated.Task.WaitAsync(s_hangGuard);

            Assert.False(toggle.IsError);
            Assert.Equal(fixture.Everything.Id, changed.ServerId);
            Assert.Equal(uri, changed.Uri);
            Assert.Equal("mcp-resources-changed", changed.EventName);
        }
        finally
        {
            await Mcp.UnsubscribeResourceAsync(fixture.Everything.Id, uri);
            await Mcp.CallToolAsync(fixture.Everything.Id, "toggle-subscriber-updates", null);
        }
    }

    [Fact]
    public async Task ToolResultWithResourceLinks_KeepsThem_AndTellsTheModelHowToReadThem()
    {
        var result = await Mcp.CallToolAsync(fixture.Everything.Id, "get-resource-links", JsonDocument.Parse("""{"count": 2}""").RootElement);

        var links = result.Content.Where(c => c.Type == "resource_link").ToList();
        Assert.Equal(2, links.Count);
        var text = Assert.Single(links, l => l.Uri == "demo://resource/dynamic/text/2");
        Assert.Equal("Text Resource 2", text.Name);
        Assert.Equal("text/plain", text.MimeType);
        Assert.Contains(
            """read it with the read_mcp_resource tool: {"server":"everything","uri":"demo://resource/dynamic/text/2"}""",
            result.Text,
            StringComparison.Ordinal);
    }
}
