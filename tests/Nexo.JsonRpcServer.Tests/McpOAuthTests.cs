using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nexo.Testing;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>
/// OAuth-protected MCP servers through the real server process: the <c>mcp-authorization-required</c> notification with
/// the URL, the host waiting for the browser's redirect to its loopback listener, the stored token reused,
/// <c>logout_mcp_server</c>, <c>authorize_mcp_server</c>, and no token anywhere in plain text.
/// </summary>
public sealed class McpOAuthTests
{
    [Fact]
    public async Task CallMcpTool_OnAnOAuthServer_NotifiesTheUrl_WaitsForTheRedirect_ThenReusesTheToken_UntilLogout()
    {
        await using var oauth = await FakeOAuthMcpServer.StartAsync();
        string dbFolder;
        await using (var server = await ServerProcess.StartInitializedAsync())
        {
            dbFolder = server.Directory;
            var id = (string)(await server.CallAsync("create_mcp_server_connection", new { name = "protected", type = "http", url = oauth.McpUrl, oauth = new { } }))["id"]!;

            var pending = server.RequestAsync("call_mcp_tool", new { connectionId = id, toolName = "secret_echo", arguments = new { text = "one" } });
            var required = (await server.NotificationsUntilAsync("mcp-authorization-required"))[^1]["params"]!;
            var (status, page) = await FakeOAuthMcpServer.BrowseAsync((string)required["url"]!);
            var first = (await pending)["result"]!;
            var second = await server.CallAsync("call_mcp_tool", new { connectionId = id, toolName = "secret_echo", arguments = new { text = "two" } });
            var listed = (await server.CallAsync("get_mcp_server_connections"))[0]!;

            Assert.Equal((id, "protected"), ((string?)required["serverId"], (string?)required["name"]));
            Assert.StartsWith(oauth.Issuer + "/authorize?", (string?)required["url"], StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("You can close this tab", page, StringComparison.Ordinal);
            Assert.Equal(("authorized echo: one", "authorized echo: two"), ((string?)first["text"], (string?)second["text"]));
            Assert.Equal(1, oauth.AuthorizeHits);
            Assert.True((bool)listed["authorized"]!);
            Assert.NotNull(listed["authorizationExpiresAt"]);

            var logout = await server.CallAsync("logout_mcp_server", new { serverId = id });
            var afterLogout = (await server.CallAsync("get_mcp_server_connections"))[0]!;
            Assert.Equal((true, true), ((bool)logout["wasAuthorized"]!, (bool)logout["revoked"]!));
            Assert.False((bool)afterLogout["authorized"]!);

            var again = server.RequestAsync("call_mcp_tool", new { connectionId = id, toolName = "secret_echo", arguments = new { text = "three" } });
            var askedAgain = (await server.NotificationsUntilAsync("mcp-authorization-required"))[^1]["params"]!;
            await FakeOAuthMcpServer.BrowseAsync((string)askedAgain["url"]!);
            Assert.Equal("authorized echo: three", (string?)(await again)["result"]!["text"]);
            Assert.Equal(2, oauth.AuthorizeHits);

            var texts = listed.ToJsonString() + afterLogout.ToJsonString() + string.Join("\n", server.Received.Select(m => m.ToJsonString())) + server.Stderr;
            Assert.Contains("is authorized", server.Stderr, StringComparison.Ordinal); // the log (Debug level) was captured
            foreach (var token in oauth.IssuedTokens)
            {
                Assert.DoesNotContain(token, texts, StringComparison.Ordinal);
            }

            // The host has stopped: the store (the database file and its WAL, or every row on PostgreSQL) holds the tokens only encrypted.
            server.CloseInput();
            Assert.Equal(0, await server.WaitForExitAsync());
            var bytes = await TestStore.ReadStoredBytesAsync(dbFolder);
            Assert.True(bytes.Length > 0);
            foreach (var token in oauth.IssuedTokens)
            {
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)));
            }
        }
    }

    [Fact]
    public async Task AuthorizeMcpServer_WithAForgedStateInTheRedirect_IsAClearError_ThenSucceedsWithTheRealOne()
    {
        await using var oauth = await FakeOAuthMcpServer.StartAsync();
        await using var server = await ServerProcess.StartInitializedAsync();
        var id = (string)(await server.CallAsync("create_mcp_server_connection", new { name = "protected", type = "http", url = oauth.McpUrl, oauth = new { } }))["id"]!;

        var forged = server.RequestAsync("authorize_mcp_server", new { serverId = id });
        var url = (string)(await server.NotificationsUntilAsync("mcp-authorization-required"))[^1]["params"]!["url"]!;
        var (status, _) = await FakeOAuthMcpServer.BrowseAsync(url, r => FakeOAuthMcpServer.WithState(r, "forged"));
        var error = (await forged)["error"]!;
        var listed = (await server.CallAsync("get_mcp_server_connections"))[0]!;

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("mcp", (string?)error["data"]!["kind"]);
        Assert.Contains("wrong 'state'", (string?)error["message"], StringComparison.Ordinal);
        Assert.False((bool)listed["authorized"]!);
        Assert.Equal(0, oauth.CodeGrants);

        var real = server.RequestAsync("authorize_mcp_server", new { serverId = id });
        var realUrl = (string)(await server.NotificationsUntilAsync("mcp-authorization-required"))[^1]["params"]!["url"]!;
        await FakeOAuthMcpServer.BrowseAsync(realUrl);
        var authorized = (await real)["result"]!;

        Assert.True((bool)authorized["authorized"]!);
        Assert.Equal(1, oauth.CodeGrants);
    }
}
