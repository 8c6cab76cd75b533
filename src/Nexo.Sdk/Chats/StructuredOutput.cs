using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.AI;

namespace Nexo.Chats;

/// <summary>
/// Structured output of a turn (<see cref="SendMessageRequest.ResponseFormat"/>): the schema is checked before anything is
/// stored, the final answer is checked against it (JsonSchema.Net) and the check is stored in the assistant message's
/// metadata under <see cref="MetadataKey"/>: <c>{"name", "schema", "valid", "error"?, "path"?}</c>.
/// </summary>
internal static class StructuredOutput
{
    /// <summary>The assistant metadata key Nexo writes the check under (reserved: clients cannot set it).</summary>
    public const string MetadataKey = "responseFormat";

    /// <summary>The schema name sent when the caller gave none (OpenAI requires one).</summary>
    public const string DefaultSchemaName = "response";

    /// <summary>
    /// The response format of a host's JSON Schema object (JSON-RPC <c>responseFormat</c>): named by its <c>title</c> when
    /// that is a valid schema name (OpenAI's rule: letters, digits, <c>_</c>, <c>-</c>, at most 64), else <see cref="DefaultSchemaName"/>;
    /// its <c>description</c> goes along. <see langword="null"/> for none.
    /// </summary>
    public static ChatResponseFormat? FromSchema(JsonElement? schema)
    {
        if (schema is not { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } s)
        {
            return null;
        }

        string? title = null;
        string? description = null;
        if (s.ValueKind == JsonValueKind.Object)
        {
            title = s.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            description = s.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        }

        var name = title is { Length: > 0 and <= 64 } && title.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? title : DefaultSchemaName;
        return ChatResponseFormat.ForJsonSchema(s.Clone(), name, description);
    }

    /// <summary>The compiled schema of a JSON response format; <see langword="null"/> for text or schema-less JSON.</summary>
    /// <exception cref="NexoException">Validation (field <c>responseFormat</c>) when the schema is not a usable JSON Schema object.</exception>
    public static JsonSchema? Compile(ChatResponseFormat? format)
    {
        if (format is not ChatResponseFormatJson { Schema: { } schema })
        {
            return null;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw NexoException.Validation("responseFormat", $"The response schema must be a JSON object (a JSON Schema); it is a {schema.ValueKind.ToString().ToLowerInvariant()}.");
        }

        try
        {
            var compiled = JsonSchema.FromText(schema.GetRawText());

            // A trial run finds what only shows when the schema is used (an unresolvable $ref, an unknown dialect).
            compiled.Evaluate(new JsonObject(), new EvaluationOptions { OutputFormat = OutputFormat.Flag });
            return compiled;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw NexoException.Validation("responseFormat", $"The response schema is not a usable JSON Schema: {ex.Message}");
        }
    }

    /// <summary>
    /// Checks an answer against the response format. Returns the metadata to store with the answer and, when it is not
    /// JSON or fails the schema, the error (kind <see cref="NexoErrorKind.Llm"/>) naming the first problem and its JSON path.
    /// </summary>
    public static (JsonElement Metadata, NexoException? Error) Check(string answer, ChatResponseFormatJson format, JsonSchema? schema, JsonElement? metadata)
    {
        var name = format.SchemaName ?? DefaultSchemaName;
        string? problem = null;
        string? path = null;
        JsonNode? instance = null;
        try
        {
            instance = JsonNode.Parse(StripFence(answer));
        }
        catch (JsonException ex)
        {
            problem = $"it is not JSON ({ex.Message})";
        }

        if (problem is null && schema is not null)
        {
            EvaluationResults results;
            try
            {
                results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                results = null!;
                problem = $"the schema could not be evaluated ({ex.Message})";
            }

            if (problem is null && !results.IsValid)
            {
                var first = (results.HasErrors ? results : null) ?? results.Details.FirstOrDefault(r => r.HasErrors) ?? results;
                path = ToJsonPath(first.InstanceLocation.ToString());
                var message = first.Errors is { Count: > 0 } errors ? errors.First().Value : "it does not match the schema";
                problem = $"at {path}: {message}";
            }
        }

        var record = new JsonObject
        {
            ["name"] = name,
            ["schema"] = format.Schema is { } s ? JsonNode.Parse(s.GetRawText()) : null,
            ["valid"] = problem is null,
        };
        if (problem is not null)
        {
            record["error"] = problem;
        }

        if (path is not null)
        {
            record["path"] = path;
        }

        var root = metadata is { ValueKind: JsonValueKind.Object } m ? JsonNode.Parse(m.GetRawText())!.AsObject() : new JsonObject();
        root[MetadataKey] = record;
        var stored = JsonDocument.Parse(root.ToJsonString()).RootElement.Clone();
        if (problem is null)
        {
            return (stored, null);
        }

        var details = new Dictionary<string, object?> { ["responseFormat"] = name };
        if (path is not null)
        {
            details["path"] = path;
        }

        var error = new NexoException(NexoErrorKind.Llm, $"The model's answer does not match the response schema '{name}': {problem}. The answer is kept in the assistant message.")
        {
            Details = details,
        };
        return (stored, error);
    }

    /// <summary>An answer wrapped in a Markdown code fence (some models do that even in JSON mode) without the fence.</summary>
    private static string StripFence(string answer)
    {
        var text = answer.Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal) || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < 6)
        {
            return text;
        }

        var firstLine = text.IndexOf('\n', StringComparison.Ordinal);
        return firstLine < 0 ? text : text[(firstLine + 1)..^3].Trim();
    }

    /// <summary>A JSON Pointer (<c>/items/0/name</c>) as a JSON path (<c>$.items[0].name</c>).</summary>
    internal static string ToJsonPath(string pointer)
    {
        var path = new StringBuilder("$");
        if (string.IsNullOrEmpty(pointer) || pointer == "#")
        {
            return path.ToString();
        }

        foreach (var raw in pointer.TrimStart('#').TrimStart('/').Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (segment.Length > 0 && segment.All(char.IsAsciiDigit))
            {
                path.Append('[').Append(segment).Append(']');
            }
            else if (segment.Length > 0 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(segment[0]))
            {
                path.Append('.').Append(segment);
            }
            else
            {
                path.Append("['").Append(segment.Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
            }
        }

        return path.ToString();
    }
}
