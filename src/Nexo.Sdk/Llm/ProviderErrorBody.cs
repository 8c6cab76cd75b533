using System.Text.Json;

namespace Nexo;

/// <summary>
/// The useful part of a provider's error body: OpenAI's and Anthropic's <c>{"error":{"type","message"}}</c>, Ollama's
/// <c>{"error":"…"}</c>, and the <c>{"message"}</c> / <c>{"detail"}</c> shapes of other OpenAI-compatible servers.
/// Anything else is kept as a short excerpt.
/// </summary>
internal sealed record ProviderErrorBody(string? Message, string? Type, string? Excerpt)
{
    public const int MaxExcerptLength = 300;

    public static ProviderErrorBody Empty { get; } = new(null, null, null);

    public static ProviderErrorBody Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return Empty;
        }

        var excerpt = Shorten(body);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.String)
                    {
                        return new(error.GetString(), null, excerpt);
                    }

                    if (error.ValueKind == JsonValueKind.Object)
                    {
                        var type = String(error, "type") ?? String(error, "code");
                        return new(String(error, "message") ?? excerpt, type, excerpt);
                    }
                }

                if (String(root, "message") is { } message)
                {
                    return new(message, String(root, "type"), excerpt);
                }

                if (String(root, "detail") is { } detail)
                {
                    return new(detail, null, excerpt);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: an HTML page from a proxy, plain text…; the excerpt says what it was.
        }

        return new(excerpt, null, excerpt);
    }

    public static string Shorten(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= MaxExcerptLength ? flat : string.Concat(flat.AsSpan(0, MaxExcerptLength), "…");
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
