using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using ModelContextProtocol.Authentication;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Nexo;

/// <content>
/// OAuth 2.1 for HTTP MCP servers marked with <see cref="McpServer.OAuth"/>: the authorization flow (run on a client of its
/// own, with a loopback listener for the redirect), the stored tokens behind every connection, and logging out.
/// </content>
public sealed partial class McpHost
{
    private static readonly HttpClient s_revocationHttp = new() { Timeout = TimeSpan.FromSeconds(15) };

    // Running authorizations, by server id: one at a time per server, shared by every caller that needs it.
    private readonly ConcurrentDictionary<string, AuthorizationFlow> _flows = new(StringComparer.Ordinal);

    // By server id: bumped when a server's tokens are deleted, so its live connections (which hold them) are replaced.
    private readonly ConcurrentDictionary<string, int> _authorizationGenerations = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes sure an OAuth-protected server is authorized: when no tokens are stored, runs the authorization (the
    /// authorization URL goes out as a <see cref="McpAuthorizationRequiredEvent"/> and to
    /// <see cref="NexoOptions.McpAuthorizationRequired"/>, and Nexo's loopback listener waits for the redirect, up to
    /// <see cref="NexoOptions.McpAuthorizationTimeout"/>), stores the tokens encrypted and returns. When valid tokens are
    /// stored it returns without asking. This always waits, whatever <see cref="NexoOptions.WaitForMcpAuthorization"/> says.
    /// </summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="cancellationToken">Stops waiting; an authorization in progress goes on in the background until its timeout.</param>
    /// <returns>The server, <see cref="McpServer.Authorized"/> set.</returns>
    /// <exception cref="NexoException">NotFound; Validation for a disabled server or one without OAuth; Mcp when the authorization fails (a wrong or missing <c>state</c> in the redirect, the authorization server's refusal, no redirect in time).</exception>
    public async Task<McpServer> AuthorizeAsync(string serverId, CancellationToken cancellationToken = default)
    {
        var server = await GetUsableServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        RequireOAuth(server);
        await StartAuthorization(server).Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await _servers.GetAsync(server.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the authorization of an OAuth-protected server without waiting for the user (or joins the one running), for
    /// hosts that cannot block: returns the authorization URL to open once it is known, or <see langword="null"/> when
    /// the server needs no authorization (tokens are stored, or it accepted Nexo). The loopback listener keeps waiting in
    /// the background, up to <see cref="NexoOptions.McpAuthorizationTimeout"/>; <see cref="AuthorizeAsync"/> waits for it.
    /// </summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="cancellationToken">Stops waiting for the URL; the authorization goes on.</param>
    /// <returns>The authorization URL, or <see langword="null"/>.</returns>
    /// <exception cref="NexoException">NotFound; Validation for a disabled server or one without OAuth; Mcp when the authorization failed before a URL was known (metadata discovery, registration).</exception>
    public async Task<string?> BeginAuthorizationAsync(string serverId, CancellationToken cancellationToken = default)
    {
        var server = await GetUsableServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        RequireOAuth(server);
        if (await _oauth.Tokens.GetAsync(server.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return null;
        }

        var flow = StartAuthorization(server);
        await Task.WhenAny(flow.Url.Task, flow.Completion).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (flow.Url.Task.IsCompletedSuccessfully)
        {
            return await flow.Url.Task.ConfigureAwait(false);
        }

        await flow.Completion.ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Logs out of an OAuth-protected server: closes its connections, revokes the tokens at the authorization server when
    /// its metadata names a <c>revocation_endpoint</c> (a failure there is logged, not thrown), and deletes them, so the
    /// next use asks for authorization again.
    /// </summary>
    /// <param name="serverId">The server connection id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether tokens were stored, and whether the authorization server revoked them.</returns>
    /// <exception cref="NexoException">NotFound; Validation for a server without OAuth.</exception>
    public async Task<McpLogoutResult> LogoutAsync(string serverId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var server = await _servers.GetAsync(Validate.Id(serverId, "serverId"), cancellationToken).ConfigureAwait(false);
        RequireOAuth(server);
        if (_flows.TryRemove(server.Id, out var flow))
        {
            try
            {
                await flow.Cancellation.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // It ended meanwhile.
            }
        }

        var tokens = await _oauth.Tokens.GetAsync(server.Id, cancellationToken).ConfigureAwait(false);
        await ForgetTokensAsync(server.Id, cancellationToken).ConfigureAwait(false);
        if (ConnectionsOf(server.Id).Any(c => c.Live is not null))
        {
            await DisconnectAsync(server.Id, cancellationToken).ConfigureAwait(false);
        }

        var revoked = tokens is not null && await RevokeAsync(server.Name, tokens, cancellationToken).ConfigureAwait(false);
        McpLog.LoggedOut(_logger, server.Name, revoked);
        return new McpLogoutResult { WasAuthorized = tokens is not null, Revoked = revoked };
    }

    /// <summary>
    /// Connects (or reuses) a server's client as <see cref="EnsureClientCoreAsync"/> does, first authorizing an OAuth server
    /// that has no tokens; when the server refuses stored tokens during the connect, authorizes again and retries once.
    /// </summary>
    private async Task<(McpLiveClient Live, bool Created)> EnsureClientAsync(McpServer server, string? scope, CancellationToken cancellationToken)
    {
        if (server.OAuth is null || server.Transport == McpTransportKind.Stdio || _unsaved.ContainsKey(server.Id))
        {
            return await EnsureClientCoreAsync(server, scope, cancellationToken).ConfigureAwait(false);
        }

        await EnsureAuthorizedAsync(server, cancellationToken).ConfigureAwait(false);
        try
        {
            return await EnsureClientCoreAsync(server, scope, cancellationToken).ConfigureAwait(false);
        }
        catch (NexoException ex) when (ex.Kind == NexoErrorKind.Mcp && Find<McpAuthorizationNeededException>(ex) is not null)
        {
            await EnsureAuthorizedAsync(server, cancellationToken).ConfigureAwait(false);
            return await EnsureClientCoreAsync(server, scope, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A change of this number replaces the server's live connections (they hold tokens that were deleted).</summary>
    private int AuthorizationGeneration(string serverId) => _authorizationGenerations.GetValueOrDefault(serverId);

    /// <summary>
    /// The OAuth options of a connection's transport: the stored tokens (refreshed by the SDK before they expire). The
    /// connection never asks the user itself: when the server refuses the tokens and they cannot be refreshed, they are
    /// deleted and <see cref="EnsureClientAsync"/> runs the authorization on a client of its own.
    /// </summary>
    private ClientOAuthOptions? ConnectionOAuthOptions(McpEndpoint endpoint)
    {
        if (endpoint.OAuth is not { } oauth || endpoint.ServerId is not { } serverId)
        {
            return null;
        }

        var cache = new McpTokenCache(_oauth.Tokens, serverId, _oauth.Time);
        return OAuthOptions(oauth, cache, new Uri("http://127.0.0.1" + McpLoopbackListener.CallbackPath), async (_, _) =>
        {
            McpLog.TokensRejected(_logger, endpoint.Name);
            cache.Forget();
            await ForgetTokensAsync(serverId, CancellationToken.None).ConfigureAwait(false);
            throw new McpAuthorizationNeededException(endpoint.Name);
        });
    }

    private static ClientOAuthOptions OAuthOptions(
        McpOAuthSettings oauth,
        McpTokenCache cache,
        Uri redirectUri,
        Func<AuthorizationCallbackContext, CancellationToken, Task<AuthorizationResult?>> callback) => new()
        {
            RedirectUri = redirectUri,
            ClientId = oauth.ClientId,
            ClientSecret = oauth.ClientId is null ? null : oauth.ClientSecret,
            Scopes = oauth.Scopes.Count > 0 ? oauth.Scopes : null,
            TokenCache = cache,
            DynamicClientRegistration = new DynamicClientRegistrationOptions { ClientName = "Nexo" },
            AuthorizationCallbackHandler = callback,
        };

    private static void RequireOAuth(McpServer server)
    {
        if (server.OAuth is null || server.Transport == McpTransportKind.Stdio)
        {
            throw NexoException.Validation("serverId", $"The MCP server '{server.Name}' does not use OAuth; mark it with oauth settings (nexo mcp add --oauth) to authorize it.");
        }
    }

    /// <summary>
    /// Before connecting an OAuth server without stored tokens: waits for its authorization
    /// (<see cref="NexoOptions.WaitForMcpAuthorization"/>), or starts it and fails at once with its URL.
    /// </summary>
    private async Task EnsureAuthorizedAsync(McpServer server, CancellationToken cancellationToken)
    {
        if (await _oauth.Tokens.GetAsync(server.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        if (_oauth.Wait)
        {
            await StartAuthorization(server).Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await BeginAuthorizationAsync(server.Id, cancellationToken).ConfigureAwait(false) is not { } url)
        {
            return;
        }

        throw new NexoException(
            NexoErrorKind.Mcp,
            $"The MCP server '{server.Name}' needs authorization: open {url} in a browser and allow access, then try again. Nexo waits for the redirect for {Minutes(_oauth.Timeout)}.")
        {
            Details = new Dictionary<string, object?> { ["server"] = server.Name, ["serverId"] = server.Id, ["authorizationUrl"] = url },
        };
    }

    /// <summary>The running authorization of a server, or a new one. It runs in the background until done or timed out.</summary>
    private AuthorizationFlow StartAuthorization(McpServer server)
    {
        ThrowIfDisposed();
        lock (_flows)
        {
            if (_flows.TryGetValue(server.Id, out var running) && !running.Completion.IsCompleted)
            {
                return running;
            }

            var flow = new AuthorizationFlow(CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token));
            flow.Cancellation.CancelAfter(_oauth.Timeout);
            flow.Completion = Task.Run(() => RunAuthorizationAsync(server, flow));
            _flows[server.Id] = flow;
            _ = flow.Completion.ContinueWith(
                _ =>
                {
                    _flows.TryRemove(new KeyValuePair<string, AuthorizationFlow>(server.Id, flow));
                    flow.Cancellation.Dispose();
                },
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
            return flow;
        }
    }

    /// <summary>
    /// One authorization: a client of its own initialises against the server; the SDK meets its 401, discovers the
    /// protected-resource and authorization-server metadata, registers Nexo when needed, and hands the authorization URL
    /// here; the loopback listener takes the redirect (checking <c>state</c>), and the SDK exchanges the code (PKCE) and
    /// stores the tokens through <see cref="McpTokenCache"/>.
    /// </summary>
    private async Task RunAuthorizationAsync(McpServer server, AuthorizationFlow flow)
    {
        var token = flow.Cancellation.Token;
        try
        {
            var secrets = await _servers.GetSecretsAsync(server.Id, token).ConfigureAwait(false);
            var endpoint = McpEndpoint.From(server, secrets);
            using var listener = McpLoopbackListener.Start();
            var cache = new McpTokenCache(_oauth.Tokens, server.Id, _oauth.Time);
            var oauth = OAuthOptions(endpoint.OAuth!, cache, listener.RedirectUri, async (context, ct) =>
            {
                var url = context.AuthorizationUri.AbsoluteUri;
                McpLog.AuthorizationRequired(_logger, server.Name, listener.RedirectUri);
                flow.Url.TrySetResult(url);
                var request = new McpAuthorizationRequiredEvent { ServerId = server.Id, Name = server.Name, Url = url };
                _events.Publish(request);
                if (_oauth.Notify is { } notify)
                {
                    // Not awaited: the listener must be taking the redirect while the host shows the URL.
                    _ = Task.Run(() => NotifyAsync(notify, request, server.Name, ct), CancellationToken.None);
                }

                return await listener.WaitAsync(context.AuthorizationUri, server.Name, ct).ConfigureAwait(false);
            });
            await using var transport = new HttpClientTransport(HttpTransportOptions(endpoint, oauth), _loggerFactory);
            var options = new McpClientOptions
            {
                ClientInfo = new Implementation { Name = "nexo", Version = s_version },
                InitializationTimeout = _oauth.Timeout + TimeSpan.FromSeconds(ConnectTimeoutSeconds(endpoint)),
            };
            var client = await McpClient.CreateAsync(transport, options, _loggerFactory, token).ConfigureAwait(false);
            await client.DisposeAsync().ConfigureAwait(false);
            if (await _oauth.Tokens.GetAsync(server.Id, CancellationToken.None).ConfigureAwait(false) is null)
            {
                throw new NexoException(NexoErrorKind.Mcp, $"The MCP server '{server.Name}' is marked for OAuth but accepted Nexo without authorization: nothing was stored.");
            }

            McpLog.Authorized(_logger, server.Name);
        }
        catch (Exception ex)
        {
            var error = AuthorizationError(server, ex, token);
            McpLog.AuthorizationFailed(_logger, server.Name, error.Message);
            throw error;
        }
    }

    private async Task NotifyAsync(Func<McpAuthorizationRequiredEvent, CancellationToken, Task> notify, McpAuthorizationRequiredEvent request, string serverName, CancellationToken cancellationToken)
    {
        try
        {
            await notify(request, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The host's handler only shows the URL; the listener waits either way.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            McpLog.AuthorizationHandlerFailed(_logger, serverName, ex.Message);
        }
    }

    private NexoException AuthorizationError(McpServer server, Exception ex, CancellationToken flowToken)
    {
        if (Find<NexoException>(ex) is { } known)
        {
            return known;
        }

        if (ex is OperationCanceledException && flowToken.IsCancellationRequested)
        {
            return _disposing.IsCancellationRequested
                ? new NexoException(NexoErrorKind.Mcp, $"The authorization of the MCP server '{server.Name}' was stopped because Nexo is shutting down.")
                : new NexoException(NexoErrorKind.Mcp, $"The authorization of the MCP server '{server.Name}' did not complete within {Minutes(_oauth.Timeout)} (or was cancelled by a logout): nothing was stored. Try again.");
        }

        return new NexoException(NexoErrorKind.Mcp, $"The authorization of the MCP server '{server.Name}' failed: {McpErrors.Describe(ex)}", ex)
        {
            Details = new Dictionary<string, object?> { ["server"] = server.Name },
        };
    }

    /// <summary>Deletes a server's stored tokens and replaces its live connections on their next use.</summary>
    private async Task ForgetTokensAsync(string serverId, CancellationToken cancellationToken)
    {
        await _oauth.Tokens.DeleteAsync(serverId, cancellationToken).ConfigureAwait(false);
        _authorizationGenerations.AddOrUpdate(serverId, 1, (_, n) => n + 1);
    }

    /// <summary>
    /// Revokes the refresh and access tokens (RFC 7009) at the revocation endpoint of the authorization server that issued
    /// them, found in its metadata. Returns whether every revocation was accepted; failures are logged.
    /// </summary>
    private async Task<bool> RevokeAsync(string serverName, McpOAuthTokens tokens, CancellationToken cancellationToken)
    {
        try
        {
            if (tokens.AuthorizationServer is not { } issuer || await FindRevocationEndpointAsync(new Uri(issuer), cancellationToken).ConfigureAwait(false) is not { } endpoint)
            {
                return false;
            }

            var revoked = true;
            foreach (var (value, hint) in new[] { (tokens.RefreshToken, "refresh_token"), (tokens.AccessToken, "access_token") })
            {
                if (string.IsNullOrEmpty(value))
                {
                    continue;
                }

                var form = new Dictionary<string, string> { ["token"] = value, ["token_type_hint"] = hint };
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
                if (tokens.ClientId is { } clientId)
                {
                    if (tokens.TokenEndpointAuthMethod == "client_secret_basic")
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue(
                            "Basic",
                            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(tokens.ClientSecret ?? string.Empty)}")));
                    }
                    else
                    {
                        form["client_id"] = clientId;
                        if (tokens.ClientSecret is { Length: > 0 } secret && tokens.TokenEndpointAuthMethod != "none")
                        {
                            form["client_secret"] = secret;
                        }
                    }
                }

                request.Content = new FormUrlEncodedContent(form);
                using var response = await s_revocationHttp.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    McpLog.RevokeFailed(_logger, serverName, $"the revocation endpoint answered {(int)response.StatusCode}");
                    revoked = false;
                }
            }

            return revoked;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or UriFormatException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            McpLog.RevokeFailed(_logger, serverName, McpErrors.Describe(ex));
            return false;
        }
    }

    /// <summary>The <c>revocation_endpoint</c> of an authorization server's metadata (RFC 8414, then OpenID discovery), or <see langword="null"/>.</summary>
    private static async Task<Uri?> FindRevocationEndpointAsync(Uri issuer, CancellationToken cancellationToken)
    {
        var origin = issuer.GetLeftPart(UriPartial.Authority);
        var path = issuer.AbsolutePath.Trim('/');
        string[] candidates = path.Length == 0
            ? [$"{origin}/.well-known/oauth-authorization-server", $"{origin}/.well-known/openid-configuration"]
            : [$"{origin}/.well-known/oauth-authorization-server/{path}", $"{origin}/.well-known/openid-configuration/{path}", $"{origin}/{path}/.well-known/openid-configuration"];
        foreach (var candidate in candidates)
        {
            using var response = await s_revocationHttp.GetAsync(new Uri(candidate), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                continue;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("revocation_endpoint", out var value)
                && value.ValueKind == JsonValueKind.String
                && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var endpoint))
            {
                return endpoint;
            }

            return null;
        }

        return null;
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(f => f is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    private static string Minutes(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0} s";

    /// <summary>A running authorization: its URL once the SDK built it, and its end.</summary>
    private sealed class AuthorizationFlow(CancellationTokenSource cancellation)
    {
        public CancellationTokenSource Cancellation { get; } = cancellation;

        public TaskCompletionSource<string> Url { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Completion { get; set; } = Task.CompletedTask;
    }
}
