using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nexo;

/// <summary>
/// OpenAI-compatible servers disagree on where a reasoning model's thinking goes: DeepSeek, vLLM and llama.cpp send
/// <c>reasoning_content</c>, which Microsoft.Extensions.AI.OpenAI reads; OpenRouter and Ollama's OpenAI-compatible
/// endpoint send <c>reasoning</c>, which it ignores. This renames a string <c>reasoning</c> of a choice's
/// <c>delta</c> or <c>message</c> to <c>reasoning_content</c> (unless that is present too), in a whole JSON body or in
/// each <c>data:</c> line of a Server-Sent Events stream.
/// </summary>
internal static class ReasoningFieldAlias
{
    private static readonly byte[] Marker = Encoding.UTF8.GetBytes("\"reasoning\"");

    /// <summary>Whether the bytes may hold the field (a cheap test before parsing).</summary>
    public static bool MayContain(ReadOnlySpan<byte> utf8) => utf8.IndexOf(Marker) >= 0;

    /// <summary>The JSON with the field renamed, or <see langword="null"/> when nothing was renamed (or it is not JSON).</summary>
    public static string? Rewrite(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null; // not ours to judge: the SDK reports a malformed frame
        }

        if (root?["choices"] is not JsonArray choices)
        {
            return null;
        }

        var changed = false;
        foreach (var choice in choices.OfType<JsonObject>())
        {
            foreach (var part in new[] { "delta", "message" })
            {
                if (choice[part] is JsonObject holder
                    && holder["reasoning"] is JsonValue value
                    && value.TryGetValue<string>(out var text)
                    && !holder.ContainsKey("reasoning_content"))
                {
                    holder.Remove("reasoning");
                    holder["reasoning_content"] = text;
                    changed = true;
                }
            }
        }

        return changed ? root.ToJsonString() : null;
    }

    /// <summary>Wraps a Server-Sent Events body so that each <c>data:</c> line is rewritten as it passes.</summary>
    public static Stream WrapEventStream(Stream inner) => new EventStream(inner);

    /// <summary>Passes an event stream through line by line (SSE lines end with a newline, so nothing waits longer than its own line).</summary>
    private sealed class EventStream(Stream inner) : FilteringReadStream(inner)
    {
        private readonly List<byte> _line = [];

        protected override void Process(ReadOnlySpan<byte> chunk)
        {
            var rest = chunk;
            while (!rest.IsEmpty)
            {
                var newline = rest.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    _line.AddRange(rest);
                    return;
                }

                _line.AddRange(rest[..(newline + 1)]);
                EmitLine();
                rest = rest[(newline + 1)..];
            }
        }

        protected override void Complete() => EmitLine();

        private void EmitLine()
        {
            if (_line.Count == 0)
            {
                return;
            }

            // Most lines (every content chunk) pass as they are, without a copy; only a line naming the field is parsed.
            var line = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_line);
            if (MayContain(line) && TryRewrite(line.ToArray()) is { } rewritten)
            {
                Emit(rewritten);
            }
            else
            {
                Emit(line);
            }

            _line.Clear();
        }

        private static byte[]? TryRewrite(byte[] line)
        {
            var text = Encoding.UTF8.GetString(line);
            var end = text.TrimEnd('\r', '\n');
            var newline = text[end.Length..];
            if (!end.StartsWith("data:", StringComparison.Ordinal))
            {
                return null;
            }

            var payload = end["data:".Length..].TrimStart();
            return Rewrite(payload) is { } json ? Encoding.UTF8.GetBytes("data: " + json + newline) : null;
        }
    }
}
