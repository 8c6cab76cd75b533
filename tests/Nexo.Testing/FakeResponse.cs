namespace Nexo.Testing;

/// <summary>
/// One scripted answer of a fake provider server. Build it with the static starters and the <c>With…</c> methods,
/// each of which returns a new script:
/// <code>
/// FakeResponse.Text("Hel", "lo").WithUsage(12, 2);
/// FakeResponse.Empty.WithReasoning("Let me think").WithToolCall("get_weather", """{"city":"Paris"}""");
/// FakeResponse.Fail(429, "Slow down", retryAfter: TimeSpan.FromSeconds(1));
/// FakeResponse.Text("a", "b", "c").DroppingAfter(2);
/// </code>
/// </summary>
public sealed record FakeResponse
{
    /// <summary>An answer with no content yet.</summary>
    public static FakeResponse Empty { get; } = new();

    /// <summary>The scripted chunks, in order.</summary>
    public IReadOnlyList<FakeChunk> Chunks { get; init; } = [];

    /// <summary>The usage reported at the end; <see langword="null"/> sends none (OpenAI still honours <c>include_usage</c> with zeros).</summary>
    public FakeUsage? Usage { get; init; } = new(10, 5);

    /// <summary>The finish reason in the provider's own words (<c>stop</c>, <c>end_turn</c>, <c>length</c>…); chosen from the content when <see langword="null"/>.</summary>
    public string? FinishReason { get; init; }

    /// <summary>A delay before every chunk that has none of its own.</summary>
    public TimeSpan ChunkDelay { get; init; }

    /// <summary>When set, the server answers with this HTTP error instead of content.</summary>
    public FakeError? Error { get; init; }

    /// <summary>When <see langword="true"/>, the server closes the connection before sending any response headers.</summary>
    public bool ResetConnection { get; init; }

    /// <summary>When set, the server aborts the connection after sending this many chunks (streaming only).</summary>
    public int? DropAfterChunks { get; init; }

    /// <summary>When set, the server sends a malformed frame after this many chunks and ends the stream (streaming only).</summary>
    public int? MalformedAfterChunks { get; init; }

    /// <summary>When set with <see cref="StreamError"/>, the server sends an in-stream error after this many chunks and ends the stream.</summary>
    public int? StreamErrorAfterChunks { get; init; }

    /// <summary>The error sent inside the stream (Anthropic <c>event: error</c>, OpenAI <c>data: {"error":…}</c>, Ollama <c>{"error":…}</c>).</summary>
    public FakeError? StreamError { get; init; }

    /// <summary>The signature Anthropic attaches to a thinking block.</summary>
    public string ThinkingSignature { get; init; } = "EqQBCgIYAhIMfakeSignature";

    /// <summary>An answer made of text chunks.</summary>
    /// <param name="chunks">The chunks, in order.</param>
    public static FakeResponse Text(params string[] chunks) => Empty.WithText(chunks);

    /// <summary>An answer that calls one tool.</summary>
    /// <param name="name">The tool name.</param>
    /// <param name="argumentsJson">The arguments, a JSON object.</param>
    /// <param name="id">The call id; generated when <see langword="null"/>.</param>
    public static FakeResponse ToolCall(string name, string argumentsJson, string? id = null) => Empty.WithToolCall(name, argumentsJson, id);

    /// <summary>An HTTP error in the provider's error format.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="message">The provider's message.</param>
    /// <param name="type">The provider's error type; chosen from the status when <see langword="null"/>.</param>
    /// <param name="retryAfter">Sent as <c>Retry-After</c> in seconds.</param>
    public static FakeResponse Fail(int status, string message, string? type = null, TimeSpan? retryAfter = null) =>
        new() { Error = new FakeError(status, message, type, retryAfter) };

    /// <summary>A connection that is closed before any response headers (a "connection reset").</summary>
    public static FakeResponse Reset() => new() { ResetConnection = true };

    /// <summary>Appends text chunks.</summary>
    /// <param name="chunks">The chunks.</param>
    public FakeResponse WithText(params string[] chunks) => this with { Chunks = [.. Chunks, .. chunks.Select(c => new FakeTextChunk(c))] };

    /// <summary>Appends one text chunk sent after a delay.</summary>
    /// <param name="text">The text.</param>
    /// <param name="delay">The delay before it.</param>
    public FakeResponse WithText(string text, TimeSpan delay) => this with { Chunks = [.. Chunks, new FakeTextChunk(text, delay)] };

    /// <summary>Appends reasoning chunks.</summary>
    /// <param name="chunks">The chunks.</param>
    public FakeResponse WithReasoning(params string[] chunks) => this with { Chunks = [.. Chunks, .. chunks.Select(c => new FakeReasoningChunk(c))] };

    /// <summary>Appends a tool call.</summary>
    /// <param name="name">The tool name.</param>
    /// <param name="argumentsJson">The arguments, a JSON object.</param>
    /// <param name="id">The call id; generated when <see langword="null"/>.</param>
    public FakeResponse WithToolCall(string name, string argumentsJson, string? id = null) =>
        this with { Chunks = [.. Chunks, new FakeToolCall(id ?? "call_" + Guid.NewGuid().ToString("N")[..16], name, argumentsJson)] };

    /// <summary>Sets the usage.</summary>
    /// <param name="inputTokens">Prompt tokens.</param>
    /// <param name="outputTokens">Completion tokens.</param>
    public FakeResponse WithUsage(int inputTokens, int outputTokens) => this with { Usage = new FakeUsage(inputTokens, outputTokens) };

    /// <summary>Sets the finish reason, in the provider's own words.</summary>
    /// <param name="reason">The reason.</param>
    public FakeResponse WithFinishReason(string reason) => this with { FinishReason = reason };

    /// <summary>Waits before every chunk.</summary>
    /// <param name="delay">The delay.</param>
    public FakeResponse WithChunkDelay(TimeSpan delay) => this with { ChunkDelay = delay };

    /// <summary>Aborts the connection after <paramref name="chunks"/> chunks.</summary>
    /// <param name="chunks">How many chunks are sent first.</param>
    public FakeResponse DroppingAfter(int chunks) => this with { DropAfterChunks = chunks };

    /// <summary>Sends a malformed frame after <paramref name="chunks"/> chunks.</summary>
    /// <param name="chunks">How many chunks are sent first.</param>
    public FakeResponse MalformedAfter(int chunks) => this with { MalformedAfterChunks = chunks };

    /// <summary>Sends an in-stream error after <paramref name="chunks"/> chunks.</summary>
    /// <param name="chunks">How many chunks are sent first.</param>
    /// <param name="message">The error message.</param>
    /// <param name="type">The provider's error type.</param>
    public FakeResponse FailingAfter(int chunks, string message, string? type = null) =>
        this with { StreamErrorAfterChunks = chunks, StreamError = new FakeError(500, message, type) };

    /// <summary>All text chunks joined.</summary>
    public string FullText => string.Concat(Chunks.OfType<FakeTextChunk>().Select(c => c.Text));

    /// <summary>All reasoning chunks joined.</summary>
    public string FullReasoning => string.Concat(Chunks.OfType<FakeReasoningChunk>().Select(c => c.Text));
}
