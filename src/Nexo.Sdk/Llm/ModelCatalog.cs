using System.Text.Json;

namespace Nexo;

/// <summary>
/// Reads a provider's model list: <c>GET {base}/models</c> for OpenAI and OpenAI-compatible servers (accepting
/// <c>{data:[…]}</c>, <c>{models:[…]}</c> or a bare array, the id taken from <c>id</c>, <c>model</c> or <c>name</c>),
/// <c>GET {base}/v1/models</c> for Anthropic (following <c>has_more</c>/<c>last_id</c> pages) and
/// <c>GET {base}/api/tags</c> for Ollama. Capabilities are left unknown rather than guessed from model names; a context
/// window is taken where the listing states it.
/// </summary>
internal static class ModelCatalog
{
    private const int MaxAnthropicPages = 20;

    public static async Task<IReadOnlyList<LlmModel>> ListAsync(HttpClient http, LlmProviderKind provider, string baseUrl, CancellationToken cancellationToken)
    {
        var root = baseUrl.TrimEnd('/');
        return provider switch
        {
            LlmProviderKind.OpenAI or LlmProviderKind.OpenAICompatible => ParseOpenAI(await GetAsync(http, root + "/models", cancellationToken).ConfigureAwait(false)),
            LlmProviderKind.Anthropic => await ListAnthropicAsync(http, root, cancellationToken).ConfigureAwait(false),
            LlmProviderKind.Ollama => ParseOllama(await GetAsync(http, root + "/api/tags", cancellationToken).ConfigureAwait(false)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "This provider has no models endpoint."),
        };
    }

    private static async Task<JsonDocument> GetAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return JsonDocument.Parse(body);
    }

    private static List<LlmModel> ParseOpenAI(JsonDocument document)
    {
        using (document)
        {
            var root = document.RootElement;
            var items = root.ValueKind switch
            {
                JsonValueKind.Array => root,
                JsonValueKind.Object when root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array => data,
                JsonValueKind.Object when root.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Array => models,
                _ => throw new JsonException("The models response has neither a 'data' nor a 'models' array."),
            };

            var list = new List<LlmModel>();
            foreach (var item in items.EnumerateArray())
            {
                var id = item.ValueKind == JsonValueKind.String ? item.GetString() : String(item, "id") ?? String(item, "model") ?? String(item, "name");
                if (!string.IsNullOrWhiteSpace(id))
                {
                    list.Add(new LlmModel
                    {
                        Id = id,
                        Name = String(item, "display_name") ?? String(item, "name") ?? id,
                        OwnedBy = String(item, "owned_by"),
                        ContextWindow = PositiveInt(item, "context_length") ?? PositiveInt(item, "context_window") ?? PositiveInt(item, "max_model_len"),
                    });
                }
            }

            return Sorted(list);
        }
    }

    private static async Task<IReadOnlyList<LlmModel>> ListAnthropicAsync(HttpClient http, string root, CancellationToken cancellationToken)
    {
        var list = new List<LlmModel>();
        string? after = null;
        for (var page = 0; page < MaxAnthropicPages; page++)
        {
            var url = root + "/v1/models?limit=1000" + (after is null ? string.Empty : "&after_id=" + Uri.EscapeDataString(after));
            using var document = await GetAsync(http, url, cancellationToken).ConfigureAwait(false);
            var body = document.RootElement;
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("The models response has no 'data' array.");
            }

            foreach (var item in data.EnumerateArray())
            {
                if (String(item, "id") is { Length: > 0 } id)
                {
                    list.Add(new LlmModel { Id = id, Name = String(item, "display_name") ?? id, OwnedBy = "anthropic" });
                }
            }

            after = String(body, "last_id");
            if (!(body.TryGetProperty("has_more", out var more) && more.ValueKind == JsonValueKind.True) || after is null)
            {
                break;
            }
        }

        return list;
    }

    private static List<LlmModel> ParseOllama(JsonDocument document)
    {
        using (document)
        {
            var root = document.RootElement;
            var items = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Array
                ? models
                : throw new JsonException("The tags response has no 'models' array.");
            var list = new List<LlmModel>();
            foreach (var item in items.EnumerateArray())
            {
                var id = String(item, "model") ?? String(item, "name");
                if (!string.IsNullOrWhiteSpace(id))
                {
                    list.Add(new LlmModel { Id = id, Name = String(item, "name") ?? id });
                }
            }

            return Sorted(list);
        }
    }

    private static List<LlmModel> Sorted(List<LlmModel> list) =>
        list.DistinctBy(m => m.Id, StringComparer.Ordinal).OrderBy(m => m.Id, StringComparer.OrdinalIgnoreCase).ToList();

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? PositiveInt(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt32(out var number) && number > 0
            ? number
            : null;
}
