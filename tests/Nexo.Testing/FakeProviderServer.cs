using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nexo.Testing;

/// <summary>
/// The common part of the fake provider servers: a Kestrel server on <c>127.0.0.1</c> with a free port, a queue of
/// scripted answers for the chat endpoint, a queue of errors for the models endpoint, and a record of every request.
/// When the queue is empty, <see cref="Responder"/> decides, and failing that <see cref="DefaultResponse"/> is sent.
/// </summary>
public abstract class FakeProviderServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeResponse> _chatScript = new();
    private readonly ConcurrentQueue<FakeResponse> _modelsScript = new();
    private readonly List<RecordedRequest> _requests = [];
    private static readonly TimeSpan DropGracePeriod = TimeSpan.FromMilliseconds(250);
    private WebApplication? _app;

    /// <summary>The server's origin, for example <c>http://127.0.0.1:5123</c>.</summary>
    public string Origin { get; private set; } = string.Empty;

    /// <summary>The base URL to store in an LLM connection for this provider.</summary>
    public abstract string BaseUrl { get; }

    /// <summary>The path of the chat endpoint, for example <c>/v1/chat/completions</c>.</summary>
    public abstract string ChatPath { get; }

    /// <summary>The path of the models endpoint, for example <c>/v1/models</c>.</summary>
    public abstract string ModelsPath { get; }

    /// <summary>The model ids the models endpoint lists.</summary>
    public List<string> Models { get; } = [];

    /// <summary>Sent when the queue is empty and <see cref="Responder"/> is not set (default: the text <c>OK</c>).</summary>
    public FakeResponse DefaultResponse { get; set; } = FakeResponse.Text("OK");

    /// <summary>Computes an answer from the request when the queue is empty (for example: a tool call until a tool result arrives).</summary>
    public Func<RecordedRequest, FakeResponse>? Responder { get; set; }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The requests received by the chat endpoint, in order.</summary>
    public IReadOnlyList<RecordedRequest> ChatRequests => Requests.Where(r => r.Path.StartsWith(ChatPath, StringComparison.Ordinal)).ToList();

    /// <summary>The last chat request.</summary>
    /// <exception cref="InvalidOperationException">When none was received.</exception>
    public RecordedRequest LastChatRequest => ChatRequests.LastOrDefault() ?? throw new InvalidOperationException("The fake server received no chat request.");

    /// <summary>Queues answers for the next chat requests, in order.</summary>
    /// <param name="responses">The answers.</param>
    public void Enqueue(params FakeResponse[] responses)
    {
        foreach (var response in responses)
        {
            _chatScript.Enqueue(response);
        }
    }

    /// <summary>Queues answers (errors or resets) for the next model list requests; when the queue is empty, <see cref="Models"/> is listed.</summary>
    /// <param name="responses">The answers.</param>
    public void EnqueueModels(params FakeResponse[] responses)
    {
        foreach (var response in responses)
        {
            _modelsScript.Enqueue(response);
        }
    }

    /// <summary>Forgets the recorded requests.</summary>
    public void ClearRequests()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Starts Kestrel on 127.0.0.1 with a free port.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    protected async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(FakeProviderServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost(ChatPath, HandleChatAsync);
        app.MapGet(ModelsPath, HandleModelsAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Origin = addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        _app = app;
    }

    /// <summary>Whether the request asked for a streamed answer.</summary>
    /// <param name="request">The request.</param>
    protected abstract bool IsStreaming(RecordedRequest request);

    /// <summary>The content type of a streamed answer.</summary>
    protected abstract string StreamContentType { get; }

    /// <summary>The frames of a streamed answer, each tagged with the index of the chunk it belongs to (or <see langword="null"/> for framing).</summary>
    /// <param name="script">The script.</param>
    /// <param name="request">The request.</param>
    protected abstract IEnumerable<FakeFrame> StreamFrames(FakeResponse script, RecordedRequest request);

    /// <summary>A frame that cannot be parsed.</summary>
    protected abstract string MalformedFrame { get; }

    /// <summary>An error frame sent inside a stream.</summary>
    /// <param name="error">The error.</param>
    protected abstract string StreamErrorFrame(FakeError error);

    /// <summary>The JSON body of a non-streamed answer.</summary>
    /// <param name="script">The script.</param>
    /// <param name="request">The request.</param>
    protected abstract string CompleteBody(FakeResponse script, RecordedRequest request);

    /// <summary>The JSON body of an HTTP error.</summary>
    /// <param name="error">The error.</param>
    protected abstract string ErrorBody(FakeError error);

    /// <summary>The JSON body of the models endpoint.</summary>
    protected abstract string ModelsBody();

    /// <summary>The delay before a chunk: its own, or the script's <see cref="FakeResponse.ChunkDelay"/>.</summary>
    /// <param name="script">The script.</param>
    /// <param name="chunk">The chunk.</param>
    protected static TimeSpan DelayOf(FakeResponse script, FakeChunk chunk) => chunk.Delay > TimeSpan.Zero ? chunk.Delay : script.ChunkDelay;

    /// <summary>Splits a string in two halves (for arguments sent in pieces).</summary>
    /// <param name="text">The text.</param>
    protected static IEnumerable<string> Halves(string text)
    {
        if (text.Length < 2)
        {
            yield return text;
            yield break;
        }

        yield return text[..(text.Length / 2)];
        yield return text[(text.Length / 2)..];
    }

    /// <summary>A refusal of the request before any script is taken (for example a prompt longer than the context window); <see langword="null"/> admits it.</summary>
    /// <param name="request">The request.</param>
    protected virtual FakeResponse? Admit(RecordedRequest request) => null;

    /// <summary>The script to send, with what the server measured of the request (for example its counted prompt tokens).</summary>
    /// <param name="script">The script taken for the request.</param>
    /// <param name="request">The request.</param>
    protected virtual FakeResponse Measure(FakeResponse script, RecordedRequest request) => script;

    private async Task HandleChatAsync(HttpContext context)
    {
        var request = await RecordAsync(context).ConfigureAwait(false);
        var script = Admit(request) ?? (_chatScript.TryDequeue(out var queued) ? queued : Responder?.Invoke(request) ?? DefaultResponse);
        script = Measure(script, request);
        if (await HandleFailureAsync(context, script).ConfigureAwait(false))
        {
            return;
        }

        if (!IsStreaming(request))
        {
            await WriteJsonAsync(context, 200, CompleteBody(script, request)).ConfigureAwait(false);
            return;
        }

        await StreamAsync(context, script, request).ConfigureAwait(false);
    }

    private async Task HandleModelsAsync(HttpContext context)
    {
        await RecordAsync(context).ConfigureAwait(false);
        if (_modelsScript.TryDequeue(out var script) && await HandleFailureAsync(context, script).ConfigureAwait(false))
        {
            return;
        }

        await WriteJsonAsync(context, 200, ModelsBody()).ConfigureAwait(false);
    }

    private async Task<bool> HandleFailureAsync(HttpContext context, FakeResponse script)
    {
        if (script.ResetConnection)
        {
            context.Abort();
            return true;
        }

        if (script.Error is { } error)
        {
            if (error.RetryAfter is { } retryAfter)
            {
                context.Response.Headers["Retry-After"] = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await WriteJsonAsync(context, error.Status, ErrorBody(error)).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private async Task StreamAsync(HttpContext context, FakeResponse script, RecordedRequest request)
    {
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.StatusCode = 200;
        response.ContentType = StreamContentType;
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(aborted).ConfigureAwait(false);

        var currentChunk = -1;
        foreach (var frame in StreamFrames(script, request))
        {
            if (frame.Chunk is int index && index != currentChunk)
            {
                // Entering a new chunk: everything before it has been sent.
                currentChunk = index;
                if (index == script.DropAfterChunks)
                {
                    await DropAsync(context).ConfigureAwait(false);
                    return;
                }

                if (index == script.MalformedAfterChunks)
                {
                    await WriteAsync(response, MalformedFrame, aborted).ConfigureAwait(false);
                    return;
                }

                if (index == script.StreamErrorAfterChunks && script.StreamError is { } streamError)
                {
                    await WriteAsync(response, StreamErrorFrame(streamError), aborted).ConfigureAwait(false);
                    return;
                }

                if (frame.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(frame.Delay, aborted).ConfigureAwait(false);
                }
            }
            else if (frame.Chunk is null && currentChunk >= 0 && currentChunk + 1 == script.Chunks.Count)
            {
                // Framing after the last chunk: the "after N chunks" actions with N == chunk count happen here.
                currentChunk = int.MaxValue;
                if (script.DropAfterChunks == script.Chunks.Count)
                {
                    await DropAsync(context).ConfigureAwait(false);
                    return;
                }

                if (script.MalformedAfterChunks == script.Chunks.Count)
                {
                    await WriteAsync(response, MalformedFrame, aborted).ConfigureAwait(false);
                    return;
                }

                if (script.StreamErrorAfterChunks == script.Chunks.Count && script.StreamError is { } streamError)
                {
                    await WriteAsync(response, StreamErrorFrame(streamError), aborted).ConfigureAwait(false);
                    return;
                }
            }

            await WriteAsync(response, frame.Text, aborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Aborts the connection mid-response. The abort resets the TCP connection, which makes the client's kernel drop
    /// bytes the client has not read yet, so the server first gives it a moment to read what was already sent.
    /// </summary>
    private static async Task DropAsync(HttpContext context)
    {
        await Task.Delay(DropGracePeriod).ConfigureAwait(false);
        context.Abort();
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = values.ToString();
        }

        var record = new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body);
        lock (_requests)
        {
            _requests.Add(record);
        }

        return record;
    }
}
