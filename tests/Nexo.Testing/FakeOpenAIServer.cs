using System.Text.Json.Nodes;

namespace Nexo.Testing;

/// <summary>
/// A fake OpenAI Chat Completions server (also what OpenAI-compatible servers such as vLLM, LM Studio, llama.cpp,
/// OpenRouter or DeepSeek speak). Store <see cref="BaseUrl"/> (<c>http://127.0.0.1:PORT/v1</c>) in the connection.
/// <list type="bullet">
/// <item><c>POST /v1/chat/completions</c> with <c>"stream": true</c>: Server-Sent Events, one
/// <c>data: {"object":"chat.completion.chunk",…}</c> per delta — a first chunk with <c>delta.role</c>, then
/// <c>delta.content</c>, <c>delta.reasoning_content</c> and <c>delta.tool_calls[]</c> (id and name first, then the
/// arguments in two pieces, all addressed by <c>index</c>), a chunk with <c>finish_reason</c>, a usage chunk with
/// empty <c>choices</c> when <c>stream_options.include_usage</c> is set, and <c>data: [DONE]</c>.</item>
/// <item>Without <c>stream</c>: one <c>chat.completion</c> object.</item>
/// <item>Errors: <c>{"error":{"message","type","param","code"}}</c> with the scripted status and <c>Retry-After</c>.</item>
/// <item><c>GET /v1/models</c>: <c>{"object":"list","data":[{"id","object":"model","created","owned_by"}]}</c>.</item>
/// </list>
/// </summary>
public sealed class FakeOpenAIServer : FakeProviderServer
{
    private const long Created = 1_735_689_600;

    private FakeOpenAIServer()
    {
        Models.AddRange(["gpt-4o", "gpt-4o-mini"]);
    }

    /// <summary>
    /// The field reasoning is sent in: <c>reasoning_content</c> (DeepSeek, vLLM, llama.cpp; the default) or <c>reasoning</c>
    /// (OpenRouter, Ollama's OpenAI-compatible endpoint).
    /// </summary>
    public string ReasoningField { get; set; } = "reasoning_content";

    /// <inheritdoc />
    public override string BaseUrl => Origin + "/v1";

    /// <inheritdoc />
    public override string ChatPath => "/v1/chat/completions";

    /// <inheritdoc />
    public override string ModelsPath => "/v1/models";

    /// <inheritdoc />
    protected override string StreamContentType => "text/event-stream";

    /// <inheritdoc />
    protected override string MalformedFrame => "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"unterminated\n\n";

    /// <summary>Starts a server on 127.0.0.1 with a free port.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<FakeOpenAIServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeOpenAIServer();
        await server.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <inheritdoc />
    protected override bool IsStreaming(RecordedRequest request) => request.Stream == true;

    /// <inheritdoc />
    protected override IEnumerable<FakeFrame> StreamFrames(FakeResponse script, RecordedRequest request)
    {
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..20];
        var model = request.Model ?? "gpt-4o";
        var includeUsage = request.Json?["stream_options"]?["include_usage"]?.GetValue<bool>() == true;

        JsonObject Chunk(JsonObject? delta, string? finishReason)
        {
            var chunk = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = Created,
                ["model"] = model,
                ["system_fingerprint"] = "fp_fake",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["delta"] = delta ?? new JsonObject(),
                    ["logprobs"] = null,
                    ["finish_reason"] = finishReason,
                }),
            };
            if (includeUsage)
            {
                chunk["usage"] = null;
            }

            return chunk;
        }

        static string Data(JsonNode node) => "data: " + node.ToJsonString() + "\n\n";

        yield return new FakeFrame(Data(Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "", ["refusal"] = null }, null)));
        var toolIndex = 0;
        for (var i = 0; i < script.Chunks.Count; i++)
        {
            var delay = DelayOf(script, script.Chunks[i]);
            switch (script.Chunks[i])
            {
                case FakeTextChunk text:
                    yield return new FakeFrame(Data(Chunk(new JsonObject { ["content"] = text.Text }, null)), i, delay);
                    break;
                case FakeReasoningChunk reasoning:
                    yield return new FakeFrame(Data(Chunk(new JsonObject { [ReasoningField] = reasoning.Text }, null)), i, delay);
                    break;
                case FakeToolCall call:
                    var index = toolIndex++;
                    yield return new FakeFrame(Data(Chunk(new JsonObject
                    {
                        ["tool_calls"] = new JsonArray(new JsonObject
                        {
                            ["index"] = index,
                            ["id"] = call.Id,
                            ["type"] = "function",
                            ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = "" },
                        }),
                    }, null)), i, delay);
                    foreach (var part in Halves(call.ArgumentsJson))
                    {
                        yield return new FakeFrame(Data(Chunk(new JsonObject
                        {
                            ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = index, ["function"] = new JsonObject { ["arguments"] = part } }),
                        }, null)), i);
                    }

                    break;
            }
        }

        yield return new FakeFrame(Data(Chunk(new JsonObject(), FinishReason(script))));
        if (includeUsage)
        {
            yield return new FakeFrame(Data(new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = Created,
                ["model"] = model,
                ["system_fingerprint"] = "fp_fake",
                ["choices"] = new JsonArray(),
                ["usage"] = Usage(script),
            }));
        }

        yield return new FakeFrame("data: [DONE]\n\n");
    }

    /// <inheritdoc />
    protected override string StreamErrorFrame(FakeError error) => "data: " + ErrorBody(error) + "\n\n";

    /// <inheritdoc />
    protected override string CompleteBody(FakeResponse script, RecordedRequest request)
    {
        var message = new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = script.Chunks.OfType<FakeTextChunk>().Any() ? script.FullText : null,
            ["refusal"] = null,
        };
        if (script.Chunks.OfType<FakeReasoningChunk>().Any())
        {
            message[ReasoningField] = script.FullReasoning;
        }

        var calls = script.Chunks.OfType<FakeToolCall>().ToList();
        if (calls.Count > 0)
        {
            message["tool_calls"] = new JsonArray(calls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.ArgumentsJson },
            }).ToArray());
        }

        return new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N")[..20],
            ["object"] = "chat.completion",
            ["created"] = Created,
            ["model"] = request.Model ?? "gpt-4o",
            ["system_fingerprint"] = "fp_fake",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["logprobs"] = null,
                ["finish_reason"] = FinishReason(script),
            }),
            ["usage"] = Usage(script),
        }.ToJsonString();
    }

    /// <inheritdoc />
    protected override string ErrorBody(FakeError error)
    {
        var (type, code) = error.Type is not null ? (error.Type, error.Code) : error.Status switch
        {
            401 => ("invalid_request_error", "invalid_api_key"),
            404 => ("invalid_request_error", "model_not_found"),
            429 => ("requests", "rate_limit_exceeded"),
            >= 500 => ("server_error", null),
            _ => ("invalid_request_error", null),
        };
        return new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = error.Message, ["type"] = type, ["param"] = null, ["code"] = code },
        }.ToJsonString();
    }

    /// <inheritdoc />
    protected override string ModelsBody() => new JsonObject
    {
        ["object"] = "list",
        ["data"] = new JsonArray(Models.Select(m =>
        {
            var model = new JsonObject { ["id"] = m, ["object"] = "model", ["created"] = Created, ["owned_by"] = "openai" };
            if (ContextLengths.TryGetValue(m, out var length))
            {
                model["context_length"] = length;
            }

            return (JsonNode)model;
        }).ToArray()),
    }.ToJsonString();

    /// <summary>
    /// When set, the server counts every chat request's prompt tokens as OpenAI does (o200k_base; 3 tokens per message plus
    /// its role and content, 3 to prime the answer; tool definitions as their JSON), reports that count as
    /// <c>prompt_tokens</c>, and answers a prompt that leaves fewer than <c>max_tokens</c> (or 1) tokens of this window with
    /// OpenAI's HTTP 400 <c>context_length_exceeded</c> error.
    /// </summary>
    public int? ContextWindow { get; set; }

    /// <summary>Every prompt-token count the server measured, in order (with <see cref="ContextWindow"/> set).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<int> PromptTokenCounts { get; } = new();

    /// <summary>The prompt tokens of a request, counted as OpenAI does.</summary>
    /// <param name="request">The request.</param>
    public static int CountPromptTokens(RecordedRequest request)
    {
        var total = 3;
        foreach (var message in request.Json?["messages"]?.AsArray() ?? [])
        {
            total += 3;
            foreach (var (key, value) in message!.AsObject())
            {
                total += value switch
                {
                    null => 0,
                    JsonValue v when v.TryGetValue<string>(out var text) => Tokenizer.Value.CountTokens(text),
                    JsonArray parts when key == "content" => parts.Sum(p => p?["text"]?.GetValue<string>() is { } t ? Tokenizer.Value.CountTokens(t) : 765),
                    _ => Tokenizer.Value.CountTokens(value.ToJsonString()),
                };
                if (key == "name")
                {
                    total += 1;
                }
            }
        }

        if (request.Json?["tools"] is JsonArray tools && tools.Count > 0)
        {
            total += Tokenizer.Value.CountTokens(tools.ToJsonString());
        }

        return total;
    }

    private static readonly Lazy<Microsoft.ML.Tokenizers.Tokenizer> Tokenizer = new(() => Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("o200k_base"));

    /// <inheritdoc />
    protected override FakeResponse? Admit(RecordedRequest request)
    {
        if (ContextWindow is not { } window)
        {
            return null;
        }

        var prompt = CountPromptTokens(request);
        PromptTokenCounts.Enqueue(prompt);
        var completion = request.Json?["max_completion_tokens"]?.GetValue<int>() ?? request.Json?["max_tokens"]?.GetValue<int>() ?? 1;
        return prompt + completion <= window
            ? null
            : new FakeResponse { Error = new FakeError(
                400,
                $"This model's maximum context length is {window} tokens. However, you requested {prompt + completion} tokens ({prompt} in the messages, {completion} in the completion). Please reduce the length of the messages or completion.",
                "invalid_request_error",
                Code: "context_length_exceeded") };
    }

    /// <inheritdoc />
    protected override FakeResponse Measure(FakeResponse script, RecordedRequest request) =>
        ContextWindow is null || script.Error is not null ? script : script with { Usage = new FakeUsage(CountPromptTokens(request), script.Usage?.OutputTokens ?? 5) };

    /// <summary>Context windows to list as <c>context_length</c> (OpenRouter's field), by model id.</summary>
    public Dictionary<string, int> ContextLengths { get; } = new(StringComparer.Ordinal);

    private static string FinishReason(FakeResponse script) =>
        script.FinishReason ?? (script.Chunks.OfType<FakeToolCall>().Any() ? "tool_calls" : "stop");

    private static JsonObject Usage(FakeResponse script)
    {
        var usage = script.Usage ?? new FakeUsage(0, 0);
        return new JsonObject
        {
            ["prompt_tokens"] = usage.InputTokens,
            ["completion_tokens"] = usage.OutputTokens,
            ["total_tokens"] = usage.InputTokens + usage.OutputTokens,
            ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
            ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
        };
    }
}
