using System.Text.Json.Nodes;

namespace Nexo.Testing;

/// <summary>
/// A fake Anthropic Messages API server. Store <see cref="BaseUrl"/> (<c>http://127.0.0.1:PORT</c>) in the connection.
/// <list type="bullet">
/// <item><c>POST /v1/messages</c> with <c>"stream": true</c>: Server-Sent Events with named events —
/// <c>message_start</c> (input usage), <c>ping</c>, then per content block <c>content_block_start</c>, its
/// <c>content_block_delta</c>s (<c>thinking_delta</c> then <c>signature_delta</c> for thinking, <c>text_delta</c> for
/// text, <c>input_json_delta</c> pieces for <c>tool_use</c>) and <c>content_block_stop</c>; then <c>message_delta</c>
/// with <c>stop_reason</c> and output usage, and <c>message_stop</c>. Consecutive text or reasoning chunks share a block.</item>
/// <item>Without <c>stream</c>: one <c>message</c> object with <c>thinking</c>, <c>text</c> and <c>tool_use</c> blocks.</item>
/// <item>Errors: <c>{"type":"error","error":{"type","message"},"request_id"}</c>; inside a stream, <c>event: error</c>.</item>
/// <item><c>GET /v1/models</c>: <c>{"data":[{"type":"model","id","display_name","created_at"}],"has_more","first_id","last_id"}</c>.</item>
/// </list>
/// The server accepts the key as <c>x-api-key</c> or <c>Authorization: Bearer</c>; tests assert which one was sent.
/// </summary>
public sealed class FakeAnthropicServer : FakeProviderServer
{
    private FakeAnthropicServer()
    {
        Models.AddRange(["claude-sonnet-4-5", "claude-haiku-4-5"]);
    }

    /// <inheritdoc />
    public override string BaseUrl => Origin;

    /// <inheritdoc />
    public override string ChatPath => "/v1/messages";

    /// <inheritdoc />
    public override string ModelsPath => "/v1/models";

    /// <inheritdoc />
    protected override string StreamContentType => "text/event-stream; charset=utf-8";

    /// <inheritdoc />
    protected override string MalformedFrame => "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"unterminated\n\n";

    /// <summary>Starts a server on 127.0.0.1 with a free port.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<FakeAnthropicServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeAnthropicServer();
        await server.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <inheritdoc />
    protected override bool IsStreaming(RecordedRequest request) => request.Stream == true;

    /// <inheritdoc />
    protected override IEnumerable<FakeFrame> StreamFrames(FakeResponse script, RecordedRequest request)
    {
        static string Event(string name, JsonNode data) => $"event: {name}\ndata: {data.ToJsonString()}\n\n";
        var usage = script.Usage ?? new FakeUsage(0, 0);

        yield return new FakeFrame(Event("message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject
            {
                ["id"] = "msg_" + Guid.NewGuid().ToString("N")[..24],
                ["type"] = "message",
                ["role"] = "assistant",
                ["content"] = new JsonArray(),
                ["model"] = request.Model ?? "claude-sonnet-4-5",
                ["stop_reason"] = null,
                ["stop_sequence"] = null,
                ["usage"] = new JsonObject
                {
                    ["input_tokens"] = usage.InputTokens,
                    ["cache_creation_input_tokens"] = 0,
                    ["cache_read_input_tokens"] = 0,
                    ["output_tokens"] = 1,
                },
            },
        }));
        yield return new FakeFrame(Event("ping", new JsonObject { ["type"] = "ping" }));

        var block = -1;
        var i = 0;
        while (i < script.Chunks.Count)
        {
            block++;
            var first = script.Chunks[i];
            var delay = DelayOf(script, first);
            switch (first)
            {
                case FakeToolCall call:
                    yield return new FakeFrame(Event("content_block_start", new JsonObject
                    {
                        ["type"] = "content_block_start",
                        ["index"] = block,
                        ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = new JsonObject() },
                    }), i, delay);
                    foreach (var part in new[] { string.Empty }.Concat(Halves(call.ArgumentsJson)))
                    {
                        yield return new FakeFrame(Delta(block, new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = part }), i);
                    }

                    i++;
                    break;

                case FakeReasoningChunk:
                    yield return new FakeFrame(Event("content_block_start", new JsonObject
                    {
                        ["type"] = "content_block_start",
                        ["index"] = block,
                        ["content_block"] = new JsonObject { ["type"] = "thinking", ["thinking"] = "", ["signature"] = "" },
                    }), i, delay);
                    while (i < script.Chunks.Count && script.Chunks[i] is FakeReasoningChunk reasoning)
                    {
                        yield return new FakeFrame(Delta(block, new JsonObject { ["type"] = "thinking_delta", ["thinking"] = reasoning.Text }), i, DelayOf(script, reasoning));
                        i++;
                    }

                    yield return new FakeFrame(Delta(block, new JsonObject { ["type"] = "signature_delta", ["signature"] = script.ThinkingSignature }));
                    break;

                default:
                    yield return new FakeFrame(Event("content_block_start", new JsonObject
                    {
                        ["type"] = "content_block_start",
                        ["index"] = block,
                        ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" },
                    }), i, delay);
                    while (i < script.Chunks.Count && script.Chunks[i] is FakeTextChunk text)
                    {
                        yield return new FakeFrame(Delta(block, new JsonObject { ["type"] = "text_delta", ["text"] = text.Text }), i, DelayOf(script, text));
                        i++;
                    }

                    break;
            }

            yield return new FakeFrame(Event("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = block }));
        }

        yield return new FakeFrame(Event("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = StopReason(script), ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = usage.OutputTokens },
        }));
        yield return new FakeFrame(Event("message_stop", new JsonObject { ["type"] = "message_stop" }));

        static string Delta(int index, JsonObject delta) =>
            Event("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = delta });
    }

    /// <inheritdoc />
    protected override string StreamErrorFrame(FakeError error) => "event: error\ndata: " + ErrorJson(error, includeRequestId: false) + "\n\n";

    /// <inheritdoc />
    protected override string CompleteBody(FakeResponse script, RecordedRequest request)
    {
        var content = new JsonArray();
        var i = 0;
        while (i < script.Chunks.Count)
        {
            switch (script.Chunks[i])
            {
                case FakeToolCall call:
                    content.Add(new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = JsonNode.Parse(call.ArgumentsJson) });
                    i++;
                    break;
                case FakeReasoningChunk:
                    var thinking = string.Empty;
                    while (i < script.Chunks.Count && script.Chunks[i] is FakeReasoningChunk r)
                    {
                        thinking += r.Text;
                        i++;
                    }

                    content.Add(new JsonObject { ["type"] = "thinking", ["thinking"] = thinking, ["signature"] = script.ThinkingSignature });
                    break;
                default:
                    var text = string.Empty;
                    while (i < script.Chunks.Count && script.Chunks[i] is FakeTextChunk t)
                    {
                        text += t.Text;
                        i++;
                    }

                    content.Add(new JsonObject { ["type"] = "text", ["text"] = text });
                    break;
            }
        }

        var usage = script.Usage ?? new FakeUsage(0, 0);
        return new JsonObject
        {
            ["id"] = "msg_" + Guid.NewGuid().ToString("N")[..24],
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = request.Model ?? "claude-sonnet-4-5",
            ["content"] = content,
            ["stop_reason"] = StopReason(script),
            ["stop_sequence"] = null,
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = usage.InputTokens,
                ["cache_creation_input_tokens"] = 0,
                ["cache_read_input_tokens"] = 0,
                ["output_tokens"] = usage.OutputTokens,
            },
        }.ToJsonString();
    }

    /// <inheritdoc />
    protected override string ErrorBody(FakeError error) => ErrorJson(error, includeRequestId: true);

    /// <inheritdoc />
    protected override string ModelsBody()
    {
        var data = new JsonArray(Models.Select(m => (JsonNode)new JsonObject
        {
            ["type"] = "model",
            ["id"] = m,
            ["display_name"] = DisplayName(m),
            ["created_at"] = "2025-09-29T00:00:00Z",
        }).ToArray());
        return new JsonObject
        {
            ["data"] = data,
            ["has_more"] = false,
            ["first_id"] = Models.FirstOrDefault(),
            ["last_id"] = Models.LastOrDefault(),
        }.ToJsonString();
    }

    /// <summary>The display name listed for a model id: <c>claude-sonnet-4-5</c> becomes <c>Claude Sonnet 4.5</c>.</summary>
    /// <param name="id">The model id.</param>
    public static string DisplayName(string id)
    {
        var words = id.Split('-', StringSplitOptions.RemoveEmptyEntries);
        var name = new List<string>();
        var version = new List<string>();
        foreach (var word in words)
        {
            if (word.All(char.IsDigit))
            {
                version.Add(word);
            }
            else
            {
                name.Add(char.ToUpperInvariant(word[0]) + word[1..]);
            }
        }

        return version.Count == 0 ? string.Join(' ', name) : string.Join(' ', name) + " " + string.Join('.', version);
    }

    private static string ErrorJson(FakeError error, bool includeRequestId)
    {
        var type = error.Type ?? error.Status switch
        {
            400 => "invalid_request_error",
            401 => "authentication_error",
            402 => "billing_error",
            403 => "permission_error",
            404 => "not_found_error",
            413 => "request_too_large",
            429 => "rate_limit_error",
            504 => "timeout_error",
            529 => "overloaded_error",
            _ => "api_error",
        };
        var body = new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = type, ["message"] = error.Message } };
        if (includeRequestId)
        {
            body["request_id"] = "req_" + Guid.NewGuid().ToString("N")[..24];
        }

        return body.ToJsonString();
    }

    private static string StopReason(FakeResponse script) =>
        script.FinishReason ?? (script.Chunks.OfType<FakeToolCall>().Any() ? "tool_use" : "end_turn");
}
