using System.Text.Json.Nodes;

namespace Nexo.Testing;

/// <summary>
/// A fake Ollama server speaking the native API. Store <see cref="BaseUrl"/> (<c>http://127.0.0.1:PORT</c>) in the connection.
/// <list type="bullet">
/// <item><c>POST /api/chat</c> streams unless <c>"stream": false</c>: newline-delimited JSON, one object per chunk with
/// <c>message.content</c>, <c>message.thinking</c> or <c>message.tool_calls</c> (whole calls with object
/// arguments) and <c>"done": false</c>, then a final object with <c>"done": true</c>, <c>done_reason</c>,
/// <c>prompt_eval_count</c>, <c>eval_count</c> and the durations.</item>
/// <item>Errors: <c>{"error":"…"}</c> with the scripted status; inside a stream, an <c>{"error":"…"}</c> line.</item>
/// <item><c>GET /api/tags</c>: <c>{"models":[{"name","model","modified_at","size","digest","details"}]}</c>.</item>
/// </list>
/// </summary>
public sealed class FakeOllamaServer : FakeProviderServer
{
    private FakeOllamaServer()
    {
        Models.AddRange(["llama3.2:latest", "qwen3:8b"]);
    }

    /// <inheritdoc />
    public override string BaseUrl => Origin;

    /// <inheritdoc />
    public override string ChatPath => "/api/chat";

    /// <inheritdoc />
    public override string ModelsPath => "/api/tags";

    /// <inheritdoc />
    protected override string StreamContentType => "application/x-ndjson";

    /// <inheritdoc />
    protected override string MalformedFrame => "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"unterminated\n";

    /// <summary>Starts a server on 127.0.0.1 with a free port.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<FakeOllamaServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeOllamaServer();
        await server.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <inheritdoc />
    protected override bool IsStreaming(RecordedRequest request) => request.Stream != false;

    /// <inheritdoc />
    protected override IEnumerable<FakeFrame> StreamFrames(FakeResponse script, RecordedRequest request)
    {
        var model = request.Model ?? "llama3.2";
        var toolIndex = 0;
        for (var i = 0; i < script.Chunks.Count; i++)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = "" };
            switch (script.Chunks[i])
            {
                case FakeTextChunk text:
                    message["content"] = text.Text;
                    break;
                case FakeReasoningChunk reasoning:
                    message["thinking"] = reasoning.Text;
                    break;
                case FakeToolCall call:
                    message["tool_calls"] = new JsonArray(ToolCallJson(call, toolIndex++));
                    break;
            }

            yield return new FakeFrame(Line(new JsonObject { ["model"] = model, ["created_at"] = Now(), ["message"] = message, ["done"] = false }), i, DelayOf(script, script.Chunks[i]));
        }

        yield return new FakeFrame(Line(Done(script, model, new JsonObject { ["role"] = "assistant", ["content"] = "" })));
    }

    /// <inheritdoc />
    protected override string StreamErrorFrame(FakeError error) => Line(new JsonObject { ["error"] = error.Message });

    /// <inheritdoc />
    protected override string CompleteBody(FakeResponse script, RecordedRequest request)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = script.FullText };
        if (script.Chunks.OfType<FakeReasoningChunk>().Any())
        {
            message["thinking"] = script.FullReasoning;
        }

        var calls = script.Chunks.OfType<FakeToolCall>().Select((c, i) => (JsonNode)ToolCallJson(c, i)).ToArray();
        if (calls.Length > 0)
        {
            message["tool_calls"] = new JsonArray(calls);
        }

        return Done(script, request.Model ?? "llama3.2", message).ToJsonString();
    }

    /// <inheritdoc />
    protected override string ErrorBody(FakeError error) => new JsonObject { ["error"] = error.Message }.ToJsonString();

    /// <inheritdoc />
    protected override string ModelsBody() => new JsonObject
    {
        ["models"] = new JsonArray(Models.Select(m => (JsonNode)new JsonObject
        {
            ["name"] = m,
            ["model"] = m,
            ["modified_at"] = "2025-05-04T17:37:44.706015396-07:00",
            ["size"] = 2019393189,
            ["digest"] = "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
            ["details"] = new JsonObject
            {
                ["parent_model"] = "",
                ["format"] = "gguf",
                ["family"] = "llama",
                ["families"] = new JsonArray("llama"),
                ["parameter_size"] = "3.2B",
                ["quantization_level"] = "Q4_K_M",
            },
        }).ToArray()),
    }.ToJsonString();

    private static JsonObject ToolCallJson(FakeToolCall call, int index) => new()
    {
        ["id"] = call.Id,
        ["function"] = new JsonObject { ["index"] = index, ["name"] = call.Name, ["arguments"] = JsonNode.Parse(call.ArgumentsJson) },
    };

    private static JsonObject Done(FakeResponse script, string model, JsonObject message)
    {
        var usage = script.Usage;
        var done = new JsonObject
        {
            ["model"] = model,
            ["created_at"] = Now(),
            ["message"] = message,
            ["done"] = true,
            ["done_reason"] = script.FinishReason ?? "stop",
            ["total_duration"] = 4_883_583_458L,
            ["load_duration"] = 1_334_875L,
        };
        if (usage is not null)
        {
            done["prompt_eval_count"] = usage.InputTokens;
            done["prompt_eval_duration"] = 342_546_000L;
            done["eval_count"] = usage.OutputTokens;
            done["eval_duration"] = 4_535_599_000L;
        }

        return done;
    }

    private static string Line(JsonNode node) => node.ToJsonString() + "\n";

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
