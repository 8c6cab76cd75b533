using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace Nexo.Context;

/// <summary>
/// Counts the tokens of a request the way the provider will. OpenAI models whose tokenizer is known are counted exactly
/// with Microsoft.ML.Tokenizers (<c>o200k_base</c>: gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o1/o3/o4, gpt-oss; <c>cl100k_base</c>:
/// gpt-4, gpt-3.5-turbo), with OpenAI's chat framing: 3 tokens per message plus its role, 1 more for a name, 3 to prime
/// the answer. Every other model gets an estimate by kind of character (see <see cref="EstimateText"/>), the same
/// framing, and a 10 % safety margin applied by the caller.
/// </summary>
internal sealed class TokenCounter
{
    /// <summary>Tokens of the framing around each message (<c>&lt;|start|&gt;{role}&lt;|message|&gt;…&lt;|end|&gt;</c>).</summary>
    public const int PerMessage = 3;

    /// <summary>Tokens that prime the answer (<c>&lt;|start|&gt;assistant&lt;|message|&gt;</c>).</summary>
    public const int ReplyPriming = 3;

    /// <summary>What an image is counted as: OpenAI's price of one 512 px tile at high detail plus the base (170 × 4 + 85).</summary>
    public const int ImageTokens = 765;

    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private static readonly Lazy<Tokenizer> Cl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    /// <summary>Counted texts by content, per tokenizer (a long chat's history is re-counted every turn otherwise).</summary>
    private static readonly ConcurrentDictionary<(string Encoding, string Text), int> Cache = new();
    private const int CacheLimit = 50_000;
    private const int CacheMinLength = 64;

    // Loaded on the first exact count, not when the counter is made: a request that fits by its UTF-8 bytes
    // (see Utf8Bound) never loads the tokenizer (≈0.5 s and ≈55 MB in a fresh process for o200k_base).
    private readonly Lazy<Tokenizer>? _tokenizer;
    private readonly bool _bytes;

    private TokenCounter(string encoding, Lazy<Tokenizer>? tokenizer, bool bytes = false)
    {
        Encoding = encoding;
        _tokenizer = tokenizer;
        _bytes = bytes;
    }

    /// <summary>The estimate used when the model's tokenizer is not known.</summary>
    public static TokenCounter Estimate { get; } = new("estimate", null);

    /// <summary>
    /// An upper bound of the exact counts of <c>o200k_base</c> and <c>cl100k_base</c>: a text's UTF-8 bytes (both are
    /// byte-level BPE, where every token stands for at least one byte), with the same framing. A request that fits by
    /// this count fits by the exact one.
    /// </summary>
    public static TokenCounter Utf8Bound { get; } = new("utf8-bytes", null, bytes: true);

    /// <summary><c>o200k_base</c>, <c>cl100k_base</c>, or <c>estimate</c>.</summary>
    public string Encoding { get; }

    /// <summary>Whether counts are exact (the model's own tokenizer) rather than an estimate.</summary>
    public bool IsExact => _tokenizer is not null;

    /// <summary>The counter for a model: its tokenizer when the model is a known OpenAI one, else the estimate.</summary>
    public static TokenCounter For(LlmProviderKind provider, string model)
    {
        if (provider is LlmProviderKind.Anthropic or LlmProviderKind.Ollama)
        {
            return Estimate;
        }

        var name = model.Contains('/', StringComparison.Ordinal) ? model[(model.LastIndexOf('/') + 1)..] : model;
        name = name.ToLowerInvariant();
        if (name.StartsWith("gpt-4o", StringComparison.Ordinal) || name.StartsWith("chatgpt-4o", StringComparison.Ordinal)
            || name.StartsWith("gpt-4.1", StringComparison.Ordinal) || name.StartsWith("gpt-4.5", StringComparison.Ordinal)
            || name.StartsWith("gpt-5", StringComparison.Ordinal) || name.StartsWith("gpt-oss", StringComparison.Ordinal)
            || IsReasoningSeries(name))
        {
            return new TokenCounter("o200k_base", O200k);
        }

        if (name.StartsWith("gpt-4", StringComparison.Ordinal) || name.StartsWith("gpt-3.5", StringComparison.Ordinal)
            || name.StartsWith("gpt-35", StringComparison.Ordinal))
        {
            return new TokenCounter("cl100k_base", Cl100k);
        }

        return Estimate;
    }

    /// <summary>The tokens of a text.</summary>
    public int Count(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        if (_bytes)
        {
            return System.Text.Encoding.UTF8.GetByteCount(text);
        }

        if (_tokenizer is null)
        {
            return EstimateText(text);
        }

        if (text.Length < CacheMinLength)
        {
            return _tokenizer.Value.CountTokens(text);
        }

        if (Cache.TryGetValue((Encoding, text), out var cached))
        {
            return cached;
        }

        var count = _tokenizer.Value.CountTokens(text);
        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }

        Cache[(Encoding, text)] = count;
        return count;
    }

    /// <summary>The tokens of one message: the framing, the role, the name and every content.</summary>
    public int Count(ChatMessage message)
    {
        var total = PerMessage + Count(message.Role.Value);
        if (message.AuthorName is { Length: > 0 } name)
        {
            total += Count(name) + 1;
        }

        foreach (var content in message.Contents)
        {
            total += Count(content);
        }

        return total;
    }

    /// <summary>The tokens of a whole request: every message and the answer's priming.</summary>
    public int Count(IEnumerable<ChatMessage> messages) => messages.Sum(Count) + ReplyPriming;

    /// <summary>The tokens the tools' definitions take (name, description and JSON schema of each function).</summary>
    public int Count(IList<AITool>? tools)
    {
        if (tools is null || tools.Count == 0)
        {
            return 0;
        }

        var total = 12;
        foreach (var tool in tools)
        {
            total += 7 + Count(tool.Name) + Count(tool.Description);
            if (tool is AIFunctionDeclaration function)
            {
                total += Count(function.JsonSchema.GetRawText());
            }
        }

        return total;
    }

    private int Count(AIContent content) => content switch
    {
        TextContent t => Count(t.Text),
        TextReasoningContent r => Count(r.Text),
        FunctionCallContent call => 3 + Count(call.CallId) + Count(call.Name) + Count(call.Arguments is null ? null : JsonSerializer.Serialize(call.Arguments, NexoJson.Info<IDictionary<string, object?>>())),
        FunctionResultContent { Result: IEnumerable<AIContent> parts } result => 1 + Count(result.CallId) + parts.Sum(Count),
        FunctionResultContent result => 1 + Count(result.CallId) + Count(result.Result switch
        {
            null => null,
            string s => s,
            JsonElement e => e.GetRawText(),
            _ => JsonSerializer.Serialize(result.Result, NexoJson.Info<object>()),
        }),
        DataContent data when data.HasTopLevelMediaType("image") => ImageTokens,
        DataContent data => EstimateBytes(data.Data.Length),
        UriContent => ImageTokens,
        _ => 0,
    };

    /// <summary>
    /// The estimate of a text's tokens, by kind of character (measured against o200k_base on prose, code, JSON and eight
    /// languages; see bench/README.md "Context-window fitting"): ASCII letters and whitespace a quarter of a token each,
    /// ASCII digits and punctuation half (JSON and numbers tokenize densely), Greek, Cyrillic, Hebrew and Arabic letters
    /// half, any other character (accented Latin, CJK, emoji…) one; rounded up.
    /// </summary>
    public static int EstimateText(string text)
    {
        var quarters = 0L;
        var halves = 0L;
        var ones = 0L;
        foreach (var c in text)
        {
            if (c < 128)
            {
                if (char.IsAsciiLetter(c) || char.IsWhiteSpace(c))
                {
                    quarters++;
                }
                else
                {
                    halves++;
                }
            }
            else if (c is >= '\u0370' and <= '\u06FF')
            {
                halves++;
            }
            else if (!char.IsLowSurrogate(c))
            {
                ones++;
            }
        }

        return (int)Math.Min(int.MaxValue, ((quarters + 3) / 4) + ((halves + 1) / 2) + ones);
    }

    private static int EstimateBytes(int bytes) => (bytes + 3) / 4;

    private static bool IsReasoningSeries(string name) =>
        name.Length >= 2 && name[0] == 'o' && name[1] is >= '1' and <= '9';
}
