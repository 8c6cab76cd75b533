using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Nexo.Testing;

namespace Nexo.Sdk.Tests.Mcp;

/// <summary>
/// OAuth 2.1 for HTTP MCP servers against a real OAuth-protected MCP server and the tests' own authorization server
/// (<see cref="FakeOAuthMcpServer"/>); the "browser" follows the authorization URL with an HttpClient.
/// </summary>
public sealed class McpOAuthTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private readonly CapturingLoggerFactory _logs = new();
    private readonly ConcurrentQueue<NexoEvent> _events = new();
    private readonly ConcurrentQueue<Task<(HttpStatusCode Status, string Page)>> _pages = new();
    private FakeOAuthMcpServer _server = null!;

    /// <summary>Changes the redirect before the browser follows it (a forged state); <see langword="null"/> follows it as is.</summary>
    private Func<Uri, Uri>? _tamper;

    /// <summary>Whether the browser opens the URL at all (off: the user has not opened it yet).</summary>
    private bool _browse = true;

    public async Task InitializeAsync() => _server = await FakeOAuthMcpServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task ToolCall_OnAnOAuthServer_AuthorizesOnce_AndLaterCallsReuseTheStoredToken()
    {
        string serverId;
        await using (var nexo = await OpenAsync())
        {
            serverId = await AddServerAsync(nexo);

            var first = await nexo.Mcp.CallToolAsync(serverId, "secret_echo", Args("one"));
            var second = await nexo.Mcp.CallToolAsync(serverId, "secret_echo", Args("two"));

            Assert.False(first.IsError, first.Text);
            Assert.Equal(["authorized echo: one", "authorized echo: two"], new[] { first.Text, second.Text });
            Assert.Equal((1, 1, 1), (_server.AuthorizeHits, _server.Registrations, _server.CodeGrants));
            var request = Assert.Single(_events.OfType<McpAuthorizationRequiredEvent>());
            Assert.Equal((serverId, "protected"), (request.ServerId, request.Name));
            Assert.StartsWith(_server.Issuer + "/authorize?", request.Url, StringComparison.Ordinal);
            var listed = await nexo.McpServers.GetAsync(serverId);
            Assert.True(listed.Authorized);
            Assert.NotNull(listed.AuthorizationExpiresAt);
        }

        // A new process: the stored (encrypted) token and registered client are used; nobody is asked again.
        await using (var nexo = await OpenAsync())
        {
            var third = await nexo.Mcp.CallToolAsync(serverId, "secret_echo", Args("three"));

            Assert.Equal("authorized echo: three", third.Text);
            Assert.Equal((1, 1, 0), (_server.AuthorizeHits, _server.Registrations, _server.RefreshGrants));
        }
    }

    [Fact]
    public async Task AToken_CloseToItsExpiry_IsRefreshed_WithoutAskingTheUserAgain()
    {
        // Tokens live 30 s, less than the minute before expiry at which Nexo refreshes: every use refreshes first.
        _server.TokenLifetime = TimeSpan.FromSeconds(30);
        await using var nexo = await OpenAsync();
        var serverId = await AddServerAsync(nexo);

        var first = await nexo.Mcp.CallToolAsync(serverId, "secret_echo", Args("one"));
        var refreshesAfterFirst = _server.RefreshGrants;
        var second = await nexo.Mcp.CallToolAsync(serverId, "secret_echo", Args("two"));

        Assert.Equal(("authorized echo: one", "authorized echo: two"), (first.Text, second.Text));
        Assert.True(refreshesAfterFirst >= 1, "the token was not refreshed before the call");
        Assert.True(_server.RefreshGrants > refreshesAfterFirst, "the token was not refreshed before the second call");
        Assert.Equal(1, _server.AuthorizeHits);
        Assert.True((await nexo.McpServers.GetAsync(serverId)).Authorized);
    }

    [Fact]
    public async Task Logout_RevokesAndDeletesTheTokens_AndTheNextCallAsksAgain()
    {
        await using var nexo = await OpenAsync();
        var serverId = await AddServerAsync(nexo);
        Assert.False((await nexo.Mcp.CallToolAsync(serverId, "secret_echo", Args("before"))).IsError);

        var logout = await nexo.Mcp.LogoutAsync(serverId);

        Assert.Equal((true, true), (logout.WasAuthorized, logout.Revoked));
        Assert.Equal(2, _server.Revocations); // the refresh token and the access token
        Assert.False((await nexo.McpServers.GetAsync(serverId)).Authorized);
        Assert.Equal(0, CountTokenRows());

        var after = await nexo.Mcp.CallToolAsync(serverId, "secret_echo", Args("after"));

        Assert.Equal("authorized echo: after", after.Text);
        Assert.Equal(2, _server.AuthorizeHits);
        Assert.Equal(2, _events.OfType<McpAuthorizationRequiredEvent>().Count());
    }

    [Fact]
    public async Task Tokens_NeverAppearInPlainText_InTheDatabaseFile_TheLogs_TheEvents_OrTheListings()
    {
        _server.TokenLifetime = TimeSpan.FromSeconds(30); // refreshes too, so refreshed tokens are checked as well
        await using (var nexo = await OpenAsync(_logs))
        {
            var serverId = await AddServerAsync(nexo);
            Assert.False((await nexo.Mcp.CallToolAsync(serverId, "secret_echo", Args("x"))).IsError);
            Assert.False((await nexo.Mcp.CallToolAsync(serverId, "secret_echo", Args("y"))).IsError);

            var listing = JsonSerializer.Serialize(await nexo.McpServers.ListAsync(), NexoJson.Options);
            var events = string.Join("\n", _events.Select(NexoJson.SerializeEvent));
            var logs = string.Join("\n", _logs.Lines);
            Assert.True(_server.IssuedTokens.Count >= 4);
            Assert.Contains("\"authorized\":true", listing, StringComparison.Ordinal);
            Assert.Contains("authorized", logs, StringComparison.Ordinal);
            foreach (var token in _server.IssuedTokens)
            {
                Assert.DoesNotContain(token, listing, StringComparison.Ordinal);
                Assert.DoesNotContain(token, events, StringComparison.Ordinal);
                Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
            }
        }

        SqliteConnection.ClearAllPools();
        var bytes = Directory.GetFiles(_db.Folder, "nexo.db*").SelectMany(File.ReadAllBytes).ToArray();
        Assert.Equal(1, CountTokenRows());
        foreach (var token in _server.IssuedTokens)
        {
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)));
        }
    }

    [Theory]
    [InlineData("forged-state")]
    [InlineData(null)]
    public async Task ARedirect_WithAWrongOrMissingState_IsAClearError_AndNothingIsStored(string? state)
    {
        _tamper = redirect => FakeOAuthMcpServer.WithState(redirect, state);
        await using var nexo = await OpenAsync();
        var serverId = await AddServerAsync(nexo);

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.Mcp.AuthorizeAsync(serverId));

        Assert.Equal(NexoErrorKind.Mcp, ex.Kind);
        Assert.Contains($"{(state is null ? "missing" : "wrong")} 'state'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was stored", ex.Message, StringComparison.Ordinal);
        var page = await Assert.Single(_pages);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("state does not match", page.Page, StringComparison.Ordinal);
        Assert.Equal(0, _server.CodeGrants);
        Assert.Equal(0, CountTokenRows());
        Assert.False((await nexo.McpServers.GetAsync(serverId)).Authorized);

        // A tool call gets the same clear error as its result.
        var call = await nexo.Mcp.CallToolAsync(serverId, "secret_echo", Args("x"));
        Assert.True(call.IsError);
        Assert.Contains("'state'", call.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutWaiting_ACallFailsAtOnceWithTheUrl_AndTheListenerStillCompletesTheAuthorization()
    {
        _browse = false;
        await using var nexo = await OpenAsync(configure: o => o.WaitForMcpAuthorization = false);
        var serverId = await AddServerAsync(nexo);

        var call = await nexo.Mcp.CallToolAsync(serverId, "secret_echo", Args("x"));

        Assert.True(call.IsError);
        var url = Assert.Single(_events.OfType<McpAuthorizationRequiredEvent>()).Url;
        Assert.Contains($"needs authorization: open {url}", call.Text, StringComparison.Ordinal);
        Assert.Equal(0, CountTokenRows());

        // The user opens the URL later: the listener, still waiting, completes the authorization.
        var (status, page) = await FakeOAuthMcpServer.BrowseAsync(url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("You can close this tab", page, StringComparison.Ordinal);
        await nexo.Mcp.AuthorizeAsync(serverId); // joins the running authorization: nothing new is asked

        var retry = await nexo.Mcp.CallToolAsync(serverId, "secret_echo", Args("y"));
        Assert.Equal("authorized echo: y", retry.Text);
        Assert.Equal(1, _server.AuthorizeHits);
    }

    [Fact]
    public async Task AStaticClientId_IsUsedWithoutDynamicRegistration_ItsSecretStoredEncrypted()
    {
        await using (var nexo = await OpenAsync())
        {
            var serverId = await AddServerAsync(nexo, new McpOAuthSettings { ClientId = FakeOAuthMcpServer.StaticClientId, ClientSecret = FakeOAuthMcpServer.StaticClientSecret });

            var call = await nexo.Mcp.CallToolAsync(serverId, "secret_echo", Args("x"));

            Assert.Equal("authorized echo: x", call.Text);
            Assert.Equal((0, FakeOAuthMcpServer.StaticClientId), (_server.Registrations, _server.LastClientId));
            var listed = await nexo.McpServers.GetAsync(serverId);
            Assert.Equal((FakeOAuthMcpServer.StaticClientId, "***"), (listed.OAuth!.ClientId, listed.OAuth.ClientSecret));
            Assert.Equal(FakeOAuthMcpServer.StaticClientSecret, (await nexo.McpServers.GetSecretsAsync(serverId)).OAuthClientSecret);
        }

        SqliteConnection.ClearAllPools();
        var bytes = Directory.GetFiles(_db.Folder, "nexo.db*").SelectMany(File.ReadAllBytes).ToArray();
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(FakeOAuthMcpServer.StaticClientSecret)));
    }

    [Fact]
    public async Task DeletingTheServer_DeletesItsTokens()
    {
        await using var nexo = await OpenAsync();
        var serverId = await AddServerAsync(nexo);
        await nexo.Mcp.AuthorizeAsync(serverId);
        Assert.Equal(1, CountTokenRows());

        await nexo.McpServers.DeleteAsync(serverId);

        Assert.Equal(0, CountTokenRows());
    }

    [Fact]
    public async Task OAuth_OnAStdioServer_OrAnUnsavedOne_IsAValidationError()
    {
        await using var nexo = await OpenAsync();

        var stdio = await Assert.ThrowsAsync<NexoException>(() => nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "stdio",
            Transport = McpTransportKind.Stdio,
            Command = "node",
            OAuth = new McpOAuthSettings(),
        }));
        var unsaved = await Assert.ThrowsAsync<NexoException>(() => nexo.Mcp.TestConnectionAsync(new NewMcpServer
        {
            Name = "unsaved",
            Transport = McpTransportKind.Http,
            Url = _server.McpUrl,
            OAuth = new McpOAuthSettings(),
        }));
        var secretWithoutId = await Assert.ThrowsAsync<NexoException>(() => nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "no-id",
            Transport = McpTransportKind.Http,
            Url = _server.McpUrl,
            OAuth = new McpOAuthSettings { ClientSecret = "s3cret-value" },
        }));

        Assert.Equal<(object?, object?, object?)>(("oauth", "oauth", "oauth.clientSecret"), (stdio.Details["field"], unsaved.Details["field"], secretWithoutId.Details["field"]));
        Assert.Equal(0, _server.AuthorizeHits);
    }

    [Fact]
    public async Task AnAuthorizationTimeout_OfZero_IsAValidationError()
    {
        var ex = await Assert.ThrowsAsync<NexoException>(() => _db.OpenAsync(o => o.McpAuthorizationTimeout = TimeSpan.Zero));

        Assert.Equal(("mcpAuthorizationTimeout", NexoErrorKind.Validation), (ex.Details["field"], ex.Kind));
    }

    private Task<NexoClient> OpenAsync(CapturingLoggerFactory? logs = null, Action<NexoOptions>? configure = null) => _db.OpenAsync(o =>
    {
        o.LoggerFactory = logs;
        o.McpAuthorizationRequired = (request, _) =>
        {
            if (_browse)
            {
                _pages.Enqueue(FakeOAuthMcpServer.BrowseAsync(request.Url, _tamper));
            }

            return Task.CompletedTask;
        };
        configure?.Invoke(o);
    });

    private async Task<string> AddServerAsync(NexoClient nexo, McpOAuthSettings? oauth = null)
    {
        nexo.Events.Subscribe(_events.Enqueue);
        var server = await nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "protected",
            Transport = McpTransportKind.Http,
            Url = _server.McpUrl,
            OAuth = oauth ?? new McpOAuthSettings(),
        });
        return server.Id;
    }

    private int CountTokenRows()
    {
        using var raw = _db.OpenRaw();
        return raw.ExecuteScalar<int>("SELECT count(*) FROM mcp_oauth_tokens");
    }

    private static JsonElement Args(string text) => JsonSerializer.SerializeToElement(new { text });
}
