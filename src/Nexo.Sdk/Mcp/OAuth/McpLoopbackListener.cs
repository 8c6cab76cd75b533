using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using ModelContextProtocol.Authentication;

namespace Nexo;

/// <summary>
/// The loopback listener that receives an OAuth authorization redirect (RFC 8252 §7.3): it listens on 127.0.0.1 on a
/// free port, at <see cref="CallbackPath"/>, from before the authorization URL is handed out until the redirect arrives.
/// The redirect must carry the <c>state</c> of the authorization Nexo started: a wrong or missing one (or an error from
/// the authorization server) fails the attempt with a clear error before any code is exchanged, so nothing is stored.
/// The browser gets a small HTML page either way. Requests for other paths (a favicon) get 404 and the listener waits on.
/// </summary>
internal sealed class McpLoopbackListener : IDisposable
{
    /// <summary>The path of the redirect URI.</summary>
    public const string CallbackPath = "/callback";

    private static readonly TimeSpan s_requestReadTimeout = TimeSpan.FromSeconds(10);
    private const int MaxRequestHead = 16 * 1024;

    private readonly TcpListener _listener;

    private McpLoopbackListener(TcpListener listener)
    {
        _listener = listener;
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        RedirectUri = new Uri($"http://127.0.0.1:{port}{CallbackPath}");
    }

    /// <summary>The redirect URI: <c>http://127.0.0.1:PORT/callback</c>.</summary>
    public Uri RedirectUri { get; }

    /// <summary>Starts listening on a free loopback port.</summary>
    public static McpLoopbackListener Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new McpLoopbackListener(listener);
    }

    /// <summary>Waits for the redirect of the authorization whose URL is <paramref name="authorizationUri"/> (its <c>state</c> is expected back).</summary>
    /// <exception cref="NexoException">Mcp when the redirect has a wrong or missing state, an error, or no code.</exception>
    public async Task<AuthorizationResult> WaitAsync(Uri authorizationUri, string serverName, CancellationToken cancellationToken)
    {
        var expectedState = HttpUtility.ParseQueryString(authorizationUri.Query)["state"];
        while (true)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            string? target;
            try
            {
                using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                readTimeout.CancelAfter(s_requestReadTimeout);
                target = await ReadRequestTargetAsync(stream, readTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                continue;
            }

            if (target is null || !Uri.TryCreate(new Uri(RedirectUri, "/"), target, out var uri) || uri.AbsolutePath != CallbackPath)
            {
                await RespondAsync(stream, 404, "Not found", "This is Nexo's OAuth redirect listener.", cancellationToken).ConfigureAwait(false);
                continue;
            }

            var query = HttpUtility.ParseQueryString(uri.Query);
            string Fail(string reason) => $"The authorization of the MCP server '{serverName}' failed: {reason}";
            if (query["error"] is { Length: > 0 } error)
            {
                var description = query["error_description"] is { Length: > 0 } d ? $" ({d})" : string.Empty;
                await RespondAsync(stream, 400, "Authorization failed", $"The authorization server refused: {error}{description}. Nothing was stored.", cancellationToken).ConfigureAwait(false);
                throw new NexoException(NexoErrorKind.Mcp, Fail($"the authorization server answered '{error}'{description}. Nothing was stored; try again."));
            }

            if (!SameState(query["state"], expectedState))
            {
                await RespondAsync(
                    stream,
                    400,
                    "Authorization refused",
                    "The redirect's state does not match the authorization Nexo started, so it was refused and nothing was stored. Start the authorization again.",
                    cancellationToken).ConfigureAwait(false);
                throw new NexoException(
                    NexoErrorKind.Mcp,
                    Fail($"the redirect to {RedirectUri} had a {(query["state"] is null ? "missing" : "wrong")} 'state', so it may not come from the authorization Nexo started; it was refused and nothing was stored. Try again."));
            }

            if (query["code"] is not { Length: > 0 } code)
            {
                await RespondAsync(stream, 400, "Authorization failed", "The redirect carries no authorization code. Nothing was stored.", cancellationToken).ConfigureAwait(false);
                throw new NexoException(NexoErrorKind.Mcp, Fail("the redirect carried no authorization code. Nothing was stored; try again."));
            }

            await RespondAsync(stream, 200, "Authorization complete", $"Nexo is authorized for the MCP server '{serverName}'. You can close this tab.", cancellationToken).ConfigureAwait(false);
            return new AuthorizationResult { Code = code, State = query["state"], Iss = query["iss"] };
        }
    }

    public void Dispose() => _listener.Dispose();

    private static bool SameState(string? actual, string? expected) =>
        actual is not null && expected is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected));

    /// <summary>Reads the request head and returns its target (<c>/callback?code=…</c>), or <see langword="null"/> for anything but a GET.</summary>
    private static async Task<string?> ReadRequestTargetAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestHead];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        var head = Encoding.ASCII.GetString(buffer, 0, length);
        var line = head.Split("\r\n", 2)[0].Split(' ');
        return line.Length == 3 && line[0] == "GET" && line[1].StartsWith('/') ? line[1] : null;
    }

    private static async Task RespondAsync(NetworkStream stream, int status, string title, string text, CancellationToken cancellationToken)
    {
        var html = $"""
            <!doctype html>
            <html><head><meta charset="utf-8"><title>Nexo: {WebUtility.HtmlEncode(title)}</title></head>
            <body style="font-family: sans-serif; margin: 3em"><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(text)}</p></body></html>
            """;
        var body = Encoding.UTF8.GetBytes(html);
        var reason = status switch { 200 => "OK", 404 => "Not Found", _ => "Bad Request" };
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
        try
        {
            await stream.WriteAsync(head, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The browser went away: the outcome stands.
        }
    }
}
