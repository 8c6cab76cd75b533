using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Nexo.Sdk.Tests.Chats;
using Nexo.Testing;

namespace Nexo.JsonRpcServer.Tests.Acp;

/// <summary>
/// OAuth-protected MCP servers under ACP, where a turn cannot wait for the user: it fails with the URL, the loopback
/// listener completes the authorization when the URL is opened, and the <c>nexo-mcp-oauth</c> auth method does the same.
/// </summary>
public sealed class AcpMcpOAuthTests
{
    [Fact]
    public async Task ATurnNeedingAuthorization_FailsWithTheUrl_AndTheListenerCompletesItWhenTheUrlIsOpened()
    {
        await using var oauth = await FakeOAuthMcpServer.StartAsync();
        await using var h = await AcpHarness.CreateAsync(realMcp: true, configureNexo: o => o.WaitForMcpAuthorization = false);
        var urls = new ConcurrentQueue<string>();
        using var subscription = h.Nexo.Events.Subscribe(e =>
        {
            if (e is McpAuthorizationRequiredEvent required)
            {
                urls.Enqueue(required.Url);
            }
        });
        var server = await h.Nexo.McpServers.CreateAsync(new NewMcpServer { Name = "tracker", Transport = McpTransportKind.Http, Url = oauth.McpUrl, OAuth = new McpOAuthSettings() });
        var workspace = await h.Nexo.Workspaces.GetOrCreateForFolderAsync(h.Project);
        await h.Nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch { McpToolIds = new Dictionary<string, IReadOnlyList<string>> { [server.Id] = ["secret_echo"] } });

        var init = await h.Client.RequestObjectAsync("initialize", AcpTestClient.Initialize());
        Assert.Contains("nexo-mcp-oauth", init["authMethods"]!.AsArray().Select(m => (string?)m!["id"]));
        var session = (string)(await h.Client.RequestObjectAsync("session/new", new JsonObject { ["cwd"] = h.Project, ["mcpServers"] = new JsonArray() }))["sessionId"]!;
        h.Model.Enqueue(Step.Text("unused"));

        var failed = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("session/prompt", AcpHarness.Prompt(session, "use the tracker")));

        var url = Assert.Single(urls);
        Assert.Equal(-32000, failed.Code);
        Assert.Contains($"needs authorization: open {url}", failed.Message, StringComparison.Ordinal);
        Assert.Equal(url, (string?)failed.ErrorData!["details"]!["authorizationUrl"]);
        Assert.Empty(h.Model.Requests); // the model was never called with the tools missing

        // The user opens the URL after the turn failed: the listener, still waiting, completes the authorization.
        var (status, _) = await FakeOAuthMcpServer.BrowseAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        await h.Nexo.Mcp.AuthorizeAsync(server.Id); // joins the running authorization until the tokens are stored

        await h.Client.RequestAsync("session/prompt", AcpHarness.Prompt(session, "use the tracker now"));

        // The turn's request (the chat's title may be asked for beside it, without tools).
        Assert.Contains("secret_echo", Assert.Single(h.Model.Requests, r => r.Options?.Tools is { Count: > 0 }).Options!.Tools!.Select(t => t.Name));
        Assert.Equal(1, oauth.AuthorizeHits);
    }

    [Fact]
    public async Task TheMcpOAuthAuthMethod_AnswersWithTheUrls_UntilTheServersAreAuthorized()
    {
        await using var oauth = await FakeOAuthMcpServer.StartAsync();
        await using var h = await AcpHarness.CreateAsync(realMcp: true, configureNexo: o => o.WaitForMcpAuthorization = false);
        var server = await h.Nexo.McpServers.CreateAsync(new NewMcpServer { Name = "tracker", Transport = McpTransportKind.Http, Url = oauth.McpUrl, OAuth = new McpOAuthSettings() });
        await h.Client.RequestAsync("initialize", AcpTestClient.Initialize());

        var pending = await Assert.ThrowsAsync<AcpError>(() => h.Client.RequestAsync("authenticate", new JsonObject { ["methodId"] = "nexo-mcp-oauth" }));
        var url = (string)pending.ErrorData!["details"]!["urls"]![0]!;
        Assert.Equal(-32000, pending.Code);
        Assert.Contains($"the MCP server 'tracker': {url}", pending.Message, StringComparison.Ordinal);

        await FakeOAuthMcpServer.BrowseAsync(url);
        await h.Nexo.Mcp.AuthorizeAsync(server.Id);
        await h.Client.RequestAsync("authenticate", new JsonObject { ["methodId"] = "nexo-mcp-oauth" });

        Assert.True((await h.Nexo.McpServers.GetAsync(server.Id)).Authorized);
        Assert.Equal(1, oauth.AuthorizeHits);
    }
}
