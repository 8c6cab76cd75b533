using System.Text.Json;

namespace Nexo;

/// <summary>
/// Reads a price file: a JSON object <c>{"currency": "USD", "prices": [price…]}</c> (<c>currency</c> optional, only
/// <c>USD</c>), each price <c>{"model", "connectionId"?, "inputPerMillion", "outputPerMillion", "cachedInputPerMillion"?,
/// "reasoningPerMillion"?}</c> with numbers in USD per million tokens. A bare array of prices is accepted too.
/// </summary>
internal static class ModelPriceFile
{
    public static IReadOnlyList<ModelPrice> Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw NexoException.Validation("prices", $"The price file is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            JsonElement list;
            if (root.ValueKind == JsonValueKind.Array)
            {
                list = root;
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("prices", out list) && list.ValueKind == JsonValueKind.Array)
            {
                if (root.TryGetProperty("currency", out var currency)
                    && !(currency.ValueKind == JsonValueKind.String && string.Equals(currency.GetString(), ModelPrice.Currency, StringComparison.OrdinalIgnoreCase)))
                {
                    throw NexoException.Validation("currency", $"Prices are in USD; the file's currency is {currency.GetRawText()}.");
                }
            }
            else
            {
                throw NexoException.Validation("prices", "The price file must be an object with a \"prices\" array (or an array of prices).");
            }

            return list.EnumerateArray().Select(Read).ToList();
        }
    }

    private static ModelPrice Read(JsonElement e, int index)
    {
        var at = $"prices[{index}].";
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw NexoException.Validation($"prices[{index}]", "Every price must be a JSON object.");
        }

        return new ModelPrice
        {
            Model = String(e, "model", at) ?? throw NexoException.Validation(at + "model", "Every price needs a model."),
            ConnectionId = String(e, "connectionId", at),
            InputPerMillion = Number(e, "inputPerMillion", at) ?? throw NexoException.Validation(at + "inputPerMillion", "Every price needs inputPerMillion."),
            OutputPerMillion = Number(e, "outputPerMillion", at) ?? throw NexoException.Validation(at + "outputPerMillion", "Every price needs outputPerMillion."),
            CachedInputPerMillion = Number(e, "cachedInputPerMillion", at),
            ReasoningPerMillion = Number(e, "reasoningPerMillion", at),
        };
    }

    private static string? String(JsonElement e, string name, string at) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw NexoException.Validation(at + name, $"'{name}' must be a string.");

    private static decimal? Number(JsonElement e, string name, string at)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var number))
        {
            return number;
        }

        if (v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var text))
        {
            return text;
        }

        throw NexoException.Validation(at + name, $"'{name}' must be a number of USD per million tokens.");
    }
}
