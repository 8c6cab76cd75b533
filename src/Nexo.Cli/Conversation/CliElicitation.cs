using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Nexo.Cli.Output;

namespace Nexo.Cli.Conversation;

/// <summary>
/// Answers MCP servers' questions (<see cref="McpElicitationRequestEvent"/>) at the terminal: form mode one prompt per
/// field (typed: numbers parsed, booleans y/n, choices by number or value, defaults shown and taken on an empty line,
/// required fields insisted on, a field asked again when the answer does not fit), URL mode the URL and a y/n. Only when
/// stdin and stderr are terminals is the capability advertised to servers at all; without a terminal servers are told
/// nobody can answer and do not ask.
/// </summary>
internal sealed class CliElicitation : IDisposable
{
    private readonly NexoClient _nexo;
    private readonly CliConsole _console;
    private readonly Channel<McpElicitationRequestEvent> _requests = Channel.CreateUnbounded<McpElicitationRequestEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDisposable _subscription;
    private readonly Task _loop;

    private CliElicitation(NexoClient nexo, CliConsole console)
    {
        _nexo = nexo;
        _console = console;
        _subscription = nexo.Events.Subscribe(e =>
        {
            if (e is McpElicitationRequestEvent request)
            {
                _requests.Writer.TryWrite(request);
            }
        });
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Answers elicitations at the terminal when there is one (and then advertises both modes); else does nothing.</summary>
    public static CliElicitation? Attach(NexoClient nexo, CliConsole console)
    {
        if (!console.CanPrompt)
        {
            return null;
        }

        nexo.Mcp.ElicitationModes = McpElicitationModes.Form | McpElicitationModes.Url;
        return new CliElicitation(nexo, console);
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _requests.Writer.TryComplete();
    }

    private async Task LoopAsync()
    {
        await foreach (var request in _requests.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            _console.Prompting = true;
            _console.ActiveSpinner?.Stop();
            try
            {
                await AskAsync(request).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failed question must not end the session; the server gets cancel on the timeout.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _console.Error.WriteLine(_console.ErrorStyle.Yellow("warning:") + " " + Safe(ex.Message));
            }
            finally
            {
                _console.Prompting = false;
            }
        }
    }

    private async Task AskAsync(McpElicitationRequestEvent request)
    {
        var err = _console.ErrorStyle;
        _console.Error.WriteLine();
        _console.Error.WriteLine(err.Bold($"The MCP server '{Safe(request.ServerName)}' asks:") + " " + Safe(request.Message));
        if (request.Mode == McpElicitationMode.Url)
        {
            _console.Error.WriteLine("  " + err.Cyan(Safe(request.Url)));
            var choice = Choose($"Open this URL? {err.Bold("[y]")}es (open it in your browser), {err.Bold("[n]")}o, {err.Bold("[c]")}ancel: ", defaultAction: null);
            await SendAsync(request, choice, null).ConfigureAwait(false);
            return;
        }

        var start = Choose($"Answer? {err.Bold("[Y]")}es, {err.Bold("[n]")}o (decline), {err.Bold("[c]")}ancel: ", McpElicitationAction.Accept);
        if (start != McpElicitationAction.Accept)
        {
            await SendAsync(request, start, null).ConfigureAwait(false);
            return;
        }

        _console.Error.WriteLine(err.Dim("  (Enter takes the default or skips an optional field; Ctrl+D cancels)"));
        var schema = request.RequestedSchema is { ValueKind: JsonValueKind.Object } s ? s : default;
        var properties = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? p.EnumerateObject().ToList()
            : [];
        var required = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(x => x.GetString()).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        var content = new JsonObject();
        foreach (var property in properties)
        {
            if (!AskField(property.Name, property.Value, required.Contains(property.Name), content, null))
            {
                await SendAsync(request, McpElicitationAction.Cancel, null).ConfigureAwait(false);
                return;
            }
        }

        // The SDK checks the whole answer against the schema; a field it refuses is asked again.
        while (true)
        {
            try
            {
                await _nexo.Mcp.RespondToElicitationAsync(
                    new McpElicitationResponse { RequestId = request.RequestId, Action = McpElicitationAction.Accept, Content = JsonSerializer.SerializeToElement(content, NexoJson.Options.GetTypeInfo(typeof(JsonObject))) },
                    CancellationToken.None).ConfigureAwait(false);
                _console.Error.WriteLine(err.Dim("  sent to the server"));
                return;
            }
            catch (NexoException ex) when (ex.Kind == NexoErrorKind.Validation
                && ex.Details?.GetValueOrDefault("field") is string field && field.StartsWith("content.", StringComparison.Ordinal)
                && properties.FirstOrDefault(x => x.Name == field["content.".Length..]) is { Name: not null } bad)
            {
                if (!AskField(bad.Name, bad.Value, required.Contains(bad.Name), content, ex.Message))
                {
                    await SendAsync(request, McpElicitationAction.Cancel, null).ConfigureAwait(false);
                    return;
                }
            }
            catch (NexoException ex) when (ex.Kind == NexoErrorKind.NotFound)
            {
                _console.Error.WriteLine(err.Yellow("warning:") + " the server's question is no longer waiting (it timed out or its tool call ended).");
                return;
            }
        }
    }

    /// <summary>Asks one field until its answer has the right type; false at end of input (cancel).</summary>
    private bool AskField(string name, JsonElement schema, bool required, JsonObject content, string? problem)
    {
        var err = _console.ErrorStyle;
        var type = Text(schema, "type") ?? "string";
        var title = Text(schema, "title") ?? name;
        var description = Text(schema, "description");
        var choices = Choices(schema, type);
        var hasDefault = schema.TryGetProperty("default", out var fallback);
        var hints = new List<string>();
        if (required)
        {
            hints.Add("required");
        }

        hints.Add(type switch
        {
            "boolean" => "y/n",
            "integer" => "whole number" + Range(schema),
            "number" => "number" + Range(schema),
            "array" => "numbers or values, separated by commas",
            _ when choices is not null => "number or value",
            _ => Text(schema, "format") ?? "text",
        });
        if (hasDefault)
        {
            hints.Add("default: " + Shown(fallback, choices));
        }

        if (problem is not null)
        {
            _console.Error.WriteLine("  " + err.Red(Safe(problem)));
        }

        _console.Error.WriteLine($"  {err.Bold(Safe(title))}{(description is null ? string.Empty : err.Dim(" — " + Safe(description)))}");
        if (choices is not null)
        {
            for (var i = 0; i < choices.Count; i++)
            {
                var (value, label) = choices[i];
                _console.Error.WriteLine(err.Dim($"    {i + 1}) ") + Safe(label) + (label == value ? string.Empty : err.Dim($" ({Safe(value)})")));
            }
        }

        while (true)
        {
            _console.Error.Write($"  {Safe(name)} {err.Dim("(" + string.Join(", ", hints) + ")")}: ");
            var line = _console.In.ReadLine();
            if (line is null)
            {
                _console.Error.WriteLine();
                return false;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                if (hasDefault || !required)
                {
                    // Left out: the server's default is filled in for it.
                    content.Remove(name);
                    return true;
                }

                _console.Error.WriteLine("  " + err.Red("this field is required"));
                continue;
            }

            if (Parse(line, type, choices) is { } value)
            {
                content[name] = value;
                return true;
            }

            _console.Error.WriteLine("  " + err.Red(type switch
            {
                "boolean" => "answer y or n",
                "integer" => "enter a whole number",
                "number" => "enter a number",
                _ => $"enter one of the numbers 1 to {choices!.Count} or a value",
            }));
        }
    }

    /// <summary>The typed value of a line, or <see langword="null"/> when it does not parse.</summary>
    private static JsonNode? Parse(string line, string type, List<(string Value, string Label)>? choices)
    {
        switch (type)
        {
            case "boolean":
                return line.ToLowerInvariant() switch
                {
                    "y" or "yes" or "true" => JsonValue.Create(true),
                    "n" or "no" or "false" => JsonValue.Create(false),
                    _ => null,
                };
            case "integer":
                return long.TryParse(line, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? JsonValue.Create(whole) : null;
            case "number":
                return double.TryParse(line, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? JsonValue.Create(number) : null;
            case "array":
                var picked = new JsonArray();
                foreach (var part in line.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (Choice(part, choices) is not { } value)
                    {
                        return null;
                    }

                    picked.Add((JsonNode)value);
                }

                return picked;
            default:
                if (choices is null)
                {
                    return JsonValue.Create(line);
                }

                return Choice(line, choices) is { } chosen ? JsonValue.Create(chosen) : null;
        }
    }

    /// <summary>A choice by its number, value or label.</summary>
    private static string? Choice(string text, List<(string Value, string Label)>? choices)
    {
        if (choices is null)
        {
            return text;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= choices.Count)
        {
            return choices[n - 1].Value;
        }

        return choices.FirstOrDefault(c => c.Value == text).Value
            ?? choices.FirstOrDefault(c => string.Equals(c.Label, text, StringComparison.OrdinalIgnoreCase)).Value;
    }

    /// <summary>The choices of a single or multiple choice field (value and label), or none.</summary>
    private static List<(string Value, string Label)>? Choices(JsonElement schema, string type)
    {
        var source = schema;
        if (type == "array")
        {
            if (!schema.TryGetProperty("items", out source) || source.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
        }

        foreach (var key in new[] { "oneOf", "anyOf" })
        {
            if (source.TryGetProperty(key, out var options) && options.ValueKind == JsonValueKind.Array)
            {
                return options.EnumerateArray()
                    .Where(o => o.ValueKind == JsonValueKind.Object)
                    .Select(o => (Text(o, "const") ?? string.Empty, Text(o, "title") ?? Text(o, "const") ?? string.Empty))
                    .ToList();
            }
        }

        if (source.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            var names = source.TryGetProperty("enumNames", out var n) && n.ValueKind == JsonValueKind.Array ? n.EnumerateArray().Select(x => x.GetString()).ToList() : [];
            return values.EnumerateArray().Select((v, i) => (v.GetString() ?? string.Empty, i < names.Count && names[i] is { } label ? label : v.GetString() ?? string.Empty)).ToList();
        }

        return null;
    }

    /// <summary>Asks decline-or-cancel style questions; <paramref name="defaultAction"/> on an empty line (asked again when none).</summary>
    private McpElicitationAction Choose(string prompt, McpElicitationAction? defaultAction)
    {
        while (true)
        {
            _console.Error.Write(prompt);
            var line = _console.In.ReadLine();
            switch (line?.Trim().ToLowerInvariant())
            {
                case null:
                    _console.Error.WriteLine();
                    return McpElicitationAction.Cancel;
                case "" when defaultAction is { } chosen:
                    return chosen;
                case "y" or "yes":
                    return McpElicitationAction.Accept;
                case "n" or "no":
                    return McpElicitationAction.Decline;
                case "c" or "cancel":
                    return McpElicitationAction.Cancel;
            }
        }
    }

    private async Task SendAsync(McpElicitationRequestEvent request, McpElicitationAction action, JsonElement? content)
    {
        try
        {
            await _nexo.Mcp.RespondToElicitationAsync(new McpElicitationResponse { RequestId = request.RequestId, Action = action, Content = content }, CancellationToken.None).ConfigureAwait(false);
            _console.Error.WriteLine(_console.ErrorStyle.Dim(action switch
            {
                McpElicitationAction.Accept => "  sent to the server",
                McpElicitationAction.Decline => "  declined",
                _ => "  cancelled",
            }));
        }
        catch (NexoException ex) when (ex.Kind == NexoErrorKind.NotFound)
        {
            _console.Error.WriteLine(_console.ErrorStyle.Yellow("warning:") + " the server's question is no longer waiting (it timed out or its tool call ended).");
        }
    }

    private static string Range(JsonElement schema)
    {
        var min = schema.TryGetProperty("minimum", out var lo) && lo.ValueKind == JsonValueKind.Number ? lo.GetRawText() : null;
        var max = schema.TryGetProperty("maximum", out var hi) && hi.ValueKind == JsonValueKind.Number ? hi.GetRawText() : null;
        return (min, max) switch
        {
            (null, null) => string.Empty,
            ({ } a, { } b) => $" {a} to {b}",
            ({ } a, null) => $" from {a}",
            (null, { } b) => $" up to {b}",
        };
    }

    private static string Shown(JsonElement value, List<(string Value, string Label)>? choices) => value.ValueKind switch
    {
        JsonValueKind.String => choices?.FirstOrDefault(c => c.Value == value.GetString()).Label ?? value.GetString()!,
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(v => Shown(v, choices))),
        _ => value.GetRawText(),
    };

    private static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Server text on the terminal: without control sequences.</summary>
    private string Safe(string? text) => TerminalText.ForTerminal(text, _console.ErrorIsTerminal);
}
