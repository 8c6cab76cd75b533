using System.Collections.Concurrent;
using System.ComponentModel;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Nexo.Testing;

/// <summary>
/// An OAuth-protected MCP server and a minimal authorization server of the tests' own, both real Kestrel servers on
/// <c>127.0.0.1</c> with free ports. The MCP server (<see cref="McpUrl"/>, tool <c>secret_echo</c>) answers every request
/// without a valid bearer token with <c>401</c> and <c>WWW-Authenticate: Bearer resource_metadata="…"</c>, and serves its
/// protected-resource metadata (RFC 9728). The authorization server (<see cref="Issuer"/>) serves its metadata (RFC 8414),
/// dynamic client registration (<c>/register</c>, RFC 7591), <c>/authorize</c> (redirects to the registered loopback
/// redirect URI, any port, with <c>code</c>, <c>state</c> and <c>iss</c>), <c>/token</c> (authorization code with a PKCE
/// S256 check; refresh token grant, rotating the refresh token) and <c>/revoke</c> (RFC 7009). Access tokens live
/// <see cref="TokenLifetime"/>. Every issued token is recorded so tests can look for it where it must not be.
/// </summary>
public sealed class FakeOAuthMcpServer : IAsyncDisposable
{
    /// <summary>A client registered beforehand (for servers without dynamic registration).</summary>
    public const string StaticClientId = "nexo-static-client";

    /// <summary>The secret of <see cref="StaticClientId"/>.</summary>
    public const string StaticClientSecret = "static-client-secret-0123456789";

    private readonly ConcurrentDictionary<string, Client> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _issued = new();
    private WebApplication? _authServer;
    private WebApplication? _mcpServer;
    private int _authorizeHits;
    private int _codeGrants;
    private int _refreshGrants;
    private int _registrations;
    private int _revocations;
    private int _unauthorized;

    private FakeOAuthMcpServer()
    {
        _clients[StaticClientId] = new Client(StaticClientSecret, ["http://127.0.0.1/callback"], "client_secret_post");
    }

    /// <summary>The MCP endpoint (Streamable HTTP), for example <c>http://127.0.0.1:5123/mcp</c>.</summary>
    public string McpUrl { get; private set; } = string.Empty;

    /// <summary>The authorization server's issuer, for example <c>http://127.0.0.1:5124</c>.</summary>
    public string Issuer { get; private set; } = string.Empty;

    /// <summary>How long an access token is valid (default one hour); may be changed between requests.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many times <c>/authorize</c> was visited.</summary>
    public int AuthorizeHits => Volatile.Read(ref _authorizeHits);

    /// <summary>How many authorization codes were exchanged for tokens.</summary>
    public int CodeGrants => Volatile.Read(ref _codeGrants);

    /// <summary>How many refresh token grants succeeded.</summary>
    public int RefreshGrants => Volatile.Read(ref _refreshGrants);

    /// <summary>How many clients registered dynamically.</summary>
    public int Registrations => Volatile.Read(ref _registrations);

    /// <summary>How many tokens were revoked.</summary>
    public int Revocations => Volatile.Read(ref _revocations);

    /// <summary>How many MCP requests were answered 401.</summary>
    public int UnauthorizedRequests => Volatile.Read(ref _unauthorized);

    /// <summary>Every access and refresh token issued, in order.</summary>
    public IReadOnlyList<string> IssuedTokens => [.. _issued];

    /// <summary>The client id of the last authorization request.</summary>
    public string? LastClientId { get; private set; }

    /// <summary>Starts both servers.</summary>
    public static async Task<FakeOAuthMcpServer> StartAsync()
    {
        var server = new FakeOAuthMcpServer();
        await server.StartServersAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>
    /// Plays the browser: follows <paramref name="authorizationUrl"/> to the authorization server (which consents at once)
    /// and its redirect to the loopback listener, optionally changed by <paramref name="tamper"/> first.
    /// </summary>
    /// <returns>The listener's status code and HTML page.</returns>
    public static async Task<(HttpStatusCode Status, string Page)> BrowseAsync(string authorizationUrl, Func<Uri, Uri>? tamper = null)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await http.GetAsync(new Uri(authorizationUrl)).ConfigureAwait(false);
        if (consent.StatusCode != HttpStatusCode.Redirect || consent.Headers.Location is not { } location)
        {
            return (consent.StatusCode, await consent.Content.ReadAsStringAsync().ConfigureAwait(false));
        }

        var target = tamper is null ? location : tamper(location);
        using var callback = await http.GetAsync(target).ConfigureAwait(false);
        return (callback.StatusCode, await callback.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    /// <summary>A redirect URI with its <c>state</c> replaced (<see langword="null"/> drops it).</summary>
    public static Uri WithState(Uri redirect, string? state)
    {
        ArgumentNullException.ThrowIfNull(redirect);
        var query = HttpUtility.ParseQueryString(redirect.Query);
        query.Remove("state");
        if (state is not null)
        {
            query["state"] = state;
        }

        return new UriBuilder(redirect) { Query = query.ToString() }.Uri;
    }

    /// <summary>Stops both servers.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var app in new[] { _mcpServer, _authServer })
        {
            if (app is not null)
            {
                await app.StopAsync().ConfigureAwait(false);
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task StartServersAsync()
    {
        var auth = WebApplication.CreateSlimBuilder();
        auth.WebHost.UseUrls("http://127.0.0.1:0");
        auth.Logging.ClearProviders();
        _authServer = auth.Build();
        _authServer.MapGet("/.well-known/oauth-authorization-server", () => Results.Json(new JsonObject
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["registration_endpoint"] = Issuer + "/register",
            ["revocation_endpoint"] = Issuer + "/revoke",
            ["response_types_supported"] = new JsonArray("code"),
            ["grant_types_supported"] = new JsonArray("authorization_code", "refresh_token"),
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "none"),
            ["scopes_supported"] = new JsonArray("mcp:tools", "offline_access"),
            ["authorization_response_iss_parameter_supported"] = true,
        }));
        _authServer.MapPost("/register", RegisterAsync);
        _authServer.MapGet("/authorize", Authorize);
        _authServer.MapPost("/token", TokenAsync);
        _authServer.MapPost("/revoke", RevokeAsync);
        await _authServer.StartAsync().ConfigureAwait(false);
        Issuer = _authServer.Urls.Single();

        var mcp = WebApplication.CreateSlimBuilder();
        mcp.WebHost.UseUrls("http://127.0.0.1:0");
        mcp.Logging.ClearProviders();
        mcp.Services
            .AddMcpServer(o => o.ServerInfo = new Implementation { Name = "nexo-test-oauth-server", Version = "1.0.0" })
            .WithHttpTransport()
            .WithTools([McpServerTool.Create(
                [Description("Echoes the text back, proving the caller was authorized.")] (string text) => "authorized echo: " + text,
                new McpServerToolCreateOptions { Name = "secret_echo" })]);
        _mcpServer = mcp.Build();
        _mcpServer.MapGet("/.well-known/oauth-protected-resource", () => Results.Json(new JsonObject
        {
            ["resource"] = McpUrl,
            ["authorization_servers"] = new JsonArray(Issuer),
            ["scopes_supported"] = new JsonArray("mcp:tools"),
            ["bearer_methods_supported"] = new JsonArray("header"),
        }));
        _mcpServer.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/mcp", StringComparison.Ordinal) && !HasValidToken(context.Request))
            {
                Interlocked.Increment(ref _unauthorized);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate =
                    $"Bearer resource_metadata=\"{OriginOf(McpUrl)}/.well-known/oauth-protected-resource\", scope=\"mcp:tools\"";
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        _mcpServer.MapMcp("/mcp");
        await _mcpServer.StartAsync().ConfigureAwait(false);
        McpUrl = _mcpServer.Urls.Single() + "/mcp";
    }

    private static string OriginOf(string url) => new Uri(url).GetLeftPart(UriPartial.Authority);

    private bool HasValidToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal)
            && _accessTokens.TryGetValue(header["Bearer ".Length..].Trim(), out var expires)
            && expires > DateTimeOffset.UtcNow;
    }

    private async Task<IResult> RegisterAsync(HttpRequest request)
    {
        var body = await JsonNode.ParseAsync(request.Body).ConfigureAwait(false);
        var redirects = body?["redirect_uris"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
        if (redirects.Count == 0 || redirects.Any(r => !Uri.TryCreate(r, UriKind.Absolute, out _)))
        {
            return Results.Json(new JsonObject { ["error"] = "invalid_redirect_uri" }, statusCode: 400);
        }

        var method = body?["token_endpoint_auth_method"]?.GetValue<string>() ?? "client_secret_post";
        var id = "client-" + Random(8);
        var secret = method == "none" ? null : "secret-" + Random(16);
        _clients[id] = new Client(secret, redirects, method);
        Interlocked.Increment(ref _registrations);
        return Results.Json(
            new JsonObject
            {
                ["client_id"] = id,
                ["client_secret"] = secret,
                ["redirect_uris"] = new JsonArray([.. redirects.Select(r => (JsonNode)r)]),
                ["token_endpoint_auth_method"] = method,
                ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
                ["response_types"] = new JsonArray("code"),
            },
            statusCode: 201);
    }

    private IResult Authorize(HttpRequest request)
    {
        Interlocked.Increment(ref _authorizeHits);
        var q = request.Query;
        LastClientId = q["client_id"];
        if (!_clients.TryGetValue(q["client_id"].ToString(), out var client))
        {
            return Results.BadRequest("unknown client_id");
        }

        var redirect = q["redirect_uri"].ToString();
        if (!Uri.TryCreate(redirect, UriKind.Absolute, out var redirectUri) || !client.Allows(redirectUri))
        {
            return Results.BadRequest("redirect_uri not registered");
        }

        if (q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
        {
            return Results.BadRequest("PKCE with S256 is required");
        }

        var code = "code-" + Random(16);
        _codes[code] = new PendingCode(q["client_id"]!, redirect, q["code_challenge"]!);
        var query = HttpUtility.ParseQueryString(redirectUri.Query);
        query["code"] = code;
        query["state"] = q["state"];
        query["iss"] = Issuer;
        return Results.Redirect(new UriBuilder(redirectUri) { Query = query.ToString() }.Uri.AbsoluteUri);
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync().ConfigureAwait(false);
        var clientId = form["client_id"].ToString();
        if (!_clients.TryGetValue(clientId, out var client) || (client.Secret is not null && form["client_secret"] != client.Secret))
        {
            return Error("invalid_client", 401);
        }

        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                if (!_codes.TryRemove(form["code"].ToString(), out var pending) || pending.ClientId != clientId || pending.RedirectUri != form["redirect_uri"])
                {
                    return Error("invalid_grant");
                }

                var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
                if (challenge != pending.Challenge)
                {
                    return Error("invalid_grant", description: "PKCE verification failed");
                }

                Interlocked.Increment(ref _codeGrants);
                return Issue(clientId);
            case "refresh_token":
                if (!_refreshTokens.TryRemove(form["refresh_token"].ToString(), out var owner) || owner != clientId)
                {
                    return Error("invalid_grant");
                }

                Interlocked.Increment(ref _refreshGrants);
                return Issue(clientId);
            default:
                return Error("unsupported_grant_type");
        }
    }

    private async Task<IResult> RevokeAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync().ConfigureAwait(false);
        var token = form["token"].ToString();
        if (_refreshTokens.TryRemove(token, out _) | _accessTokens.TryRemove(token, out _))
        {
            Interlocked.Increment(ref _revocations);
        }

        return Results.Ok();
    }

    private IResult Issue(string clientId)
    {
        var access = "at-" + Random(24);
        var refresh = "rt-" + Random(24);
        _accessTokens[access] = DateTimeOffset.UtcNow + TokenLifetime;
        _refreshTokens[refresh] = clientId;
        _issued.Enqueue(access);
        _issued.Enqueue(refresh);
        return Results.Json(new JsonObject
        {
            ["access_token"] = access,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["refresh_token"] = refresh,
            ["scope"] = "mcp:tools",
        });
    }

    private static IResult Error(string error, int status = 400, string? description = null) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: status);

    private static string Random(int bytes) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Client(string? Secret, IReadOnlyList<string> RedirectUris, string AuthMethod)
    {
        /// <summary>A registered loopback redirect URI matches on any port (RFC 8252 §7.3).</summary>
        public bool Allows(Uri redirect) => RedirectUris.Any(r =>
            Uri.TryCreate(r, UriKind.Absolute, out var registered)
            && registered.Scheme == redirect.Scheme
            && registered.Host == redirect.Host
            && registered.AbsolutePath == redirect.AbsolutePath
            && (registered.Port == redirect.Port || (registered.IsLoopback && redirect.IsLoopback)));
    }

    private sealed record PendingCode(string ClientId, string RedirectUri, string Challenge);
}
