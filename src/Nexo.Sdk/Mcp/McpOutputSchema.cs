using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Nexo.Chats;

namespace Nexo;

/// <summary>
/// Checks a tool result's <c>structuredContent</c> against the tool's <c>outputSchema</c> (JsonSchema.Net), as the MCP
/// specification asks clients to: a result that breaks it, or a successful result without structured content, becomes an
/// error result whose text names the first JSON path that fails and keeps the tool's own text.
/// </summary>
internal static class McpOutputSchema
{
    // Compiled once per listed tool (a new listing makes new McpToolInfo records).
    private static readonly ConditionalWeakTable<McpToolInfo, Compiled> s_compiled = [];

    public static McpToolResult Check(McpToolResult result, McpToolInfo? tool)
    {
        if (result.IsError || tool?.OutputSchema is not { } schemaJson)
        {
            // The specification's rule covers successful results only; a tool error needs no structured content.
            return result;
        }

        var compiled = s_compiled.GetValue(tool, _ => Compile(schemaJson));
        string problem;
        string path;
        if (result.StructuredContent is not { } structured)
        {
            (problem, path) = ("the tool declares an output schema but returned no structured content (structuredContent)", "$");
        }
        else if (compiled.Error is { } unusable)
        {
            (problem, path) = ($"the tool's output schema is not a usable JSON Schema ({unusable}), so its structured content cannot be checked", "$");
        }
        else
        {
            EvaluationResults evaluation;
            try
            {
                evaluation = compiled.Schema!.Evaluate(JsonNode.Parse(structured.GetRawText()), new EvaluationOptions { OutputFormat = OutputFormat.List });
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return Invalid(result, tool.Name, $"the output schema could not be evaluated ({ex.Message})", "$");
            }

            if (evaluation.IsValid)
            {
                return result;
            }

            var first = (evaluation.HasErrors ? evaluation : null) ?? evaluation.Details.FirstOrDefault(r => r.HasErrors) ?? evaluation;
            path = StructuredOutput.ToJsonPath(first.InstanceLocation.ToString());
            problem = first.Errors is { Count: > 0 } errors ? errors.First().Value : "it does not match the schema";
        }

        return Invalid(result, tool.Name, problem, path);
    }

    private static McpToolResult Invalid(McpToolResult result, string toolName, string problem, string path)
    {
        var error = path == "$" && result.StructuredContent is null ? problem : $"at {path}: {problem}";
        var text = $"The result of the tool '{toolName}' does not match its output schema: {error}.";
        if (result.Text.Length > 0)
        {
            text += "\nThe tool's text was:\n" + result.Text;
        }

        return result with { IsError = true, Text = text, OutputSchemaError = error, OutputSchemaPath = path };
    }

    private static Compiled Compile(JsonElement schema)
    {
        try
        {
            var compiled = JsonSchema.FromText(schema.GetRawText());

            // A trial run finds what only shows when the schema is used (an unresolvable $ref, an unknown dialect).
            compiled.Evaluate(new JsonObject(), new EvaluationOptions { OutputFormat = OutputFormat.Flag });
            return new Compiled(compiled, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new Compiled(null, ex.Message);
        }
    }

    private sealed record Compiled(JsonSchema? Schema, string? Error);
}
