using System.Globalization;
using System.Text.Json;

namespace Nexo;

/// <summary>
/// Reads MCP server definitions from the configuration files other MCP clients use: Claude Desktop / Cursor
/// (<c>{"mcpServers": {…}}</c>), VS Code's <c>mcp.json</c> (<c>{"servers": {…}}</c>) and VS Code settings
/// (<c>{"mcp": {"servers": {…}}}</c>). Comments and trailing commas are allowed, as VS Code allows them.
/// </summary>
internal static class McpConfigImport
{
    private static readonly JsonDocumentOptions s_options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Parses and validates every entry; throws before anything is created when one entry is bad.</summary>
    public static IReadOnlyList<NewMcpServer> Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw NexoException.Validation("json", "The MCP configuration is empty.");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, s_options);
        }
        catch (JsonException ex)
        {
            throw NexoException.Validation("json", $"The MCP configuration is not valid JSON: {ex.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw NexoException.Validation("json", "The MCP configuration must be a JSON object with an \"mcpServers\" or \"servers\" object.");
            }

            var servers = FindServers(root)
                ?? throw NexoException.Validation(
                    "json",
                    "The MCP configuration has no \"mcpServers\" (Claude Desktop, Cursor), \"servers\" (VS Code mcp.json) or \"mcp\": {\"servers\"} (VS Code settings) object.");

            var result = new List<NewMcpServer>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in servers.EnumerateObject())
            {
                var server = ParseServer(entry);
                if (names.Add(server.Name))
                {
                    result.Add(server);
                }
            }

            return result;
        }
    }

    private static JsonElement? FindServers(JsonElement root)
    {
        foreach (var name in (string[])["mcpServers", "servers"])
        {
            if (root.TryGetProperty(name, out var servers))
            {
                return RequireObject(servers, name);
            }
        }

        if (root.TryGetProperty("mcp", out var mcp) && mcp.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in (string[])["servers", "mcpServers"])
            {
                if (mcp.TryGetProperty(name, out var servers))
                {
                    return RequireObject(servers, "mcp." + name);
                }
            }
        }

        return null;
    }

    private static JsonElement RequireObject(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Object
            ? value
            : throw NexoException.Validation("json", $"\"{path}\" in the MCP configuration must be an object mapping server names to their settings.");

    private static NewMcpServer ParseServer(JsonProperty entry)
    {
        var name = Validate.Name(entry.Name, "name");
        var value = entry.Value;
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Bad(name, "must be an object with a \"command\" or a \"url\"");
        }

        var command = OptionalString(value, name, "command");
        var url = OptionalString(value, name, "url") ?? OptionalString(value, name, "serverUrl");
        var type = OptionalString(value, name, "type") ?? OptionalString(value, name, "transport");
        McpTransportKind transport;
        if (string.IsNullOrWhiteSpace(type))
        {
            transport = command is not null ? McpTransportKind.Stdio : url is not null ? McpTransportKind.Http : throw Bad(name, "has neither a \"command\" nor a \"url\"");
        }
        else if (!McpTransportKinds.TryParse(type, out transport))
        {
            throw Bad(name, $"has the unknown type \"{type}\" (expected stdio, http or sse)");
        }

        if (transport == McpTransportKind.Stdio && string.IsNullOrWhiteSpace(command))
        {
            throw Bad(name, "is a stdio server without a \"command\"");
        }

        if (transport != McpTransportKind.Stdio)
        {
            if (string.IsNullOrWhiteSpace(url))
            {
                throw Bad(name, "is an HTTP server without a \"url\"");
            }

            try
            {
                url = Validate.HttpUrl(url, "url");
            }
            catch (NexoException)
            {
                throw Bad(name, $"has the URL \"{url}\", which is not an absolute http or https URL");
            }
        }

        var disabled = value.TryGetProperty("disabled", out var d) && d.ValueKind == JsonValueKind.True;
        var enabled = !(value.TryGetProperty("enabled", out var e) && e.ValueKind == JsonValueKind.False);
        return new NewMcpServer
        {
            Name = name,
            Transport = transport,
            Command = transport == McpTransportKind.Stdio ? command : null,
            Args = StringList(value, name, "args"),
            Env = StringMap(value, name, "env"),
            InheritEnv = StringList(value, name, "inheritEnv"),
            WorkingDirectory = OptionalString(value, name, "cwd") ?? OptionalString(value, name, "workingDirectory"),
            Url = transport == McpTransportKind.Stdio ? null : url,
            Headers = StringMap(value, name, "headers"),
            Enabled = enabled && !disabled,
        };
    }

    private static string? OptionalString(JsonElement value, string server, string property)
    {
        if (!value.TryGetProperty(property, out var p) || p.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return p.ValueKind == JsonValueKind.String ? p.GetString() : throw Bad(server, $"has a \"{property}\" that is not a string");
    }

    private static List<string> StringList(JsonElement value, string server, string property)
    {
        if (!value.TryGetProperty(property, out var p) || p.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (p.ValueKind != JsonValueKind.Array)
        {
            throw Bad(server, $"has \"{property}\" that is not an array of strings");
        }

        return p.EnumerateArray().Select(item => Scalar(item) ?? throw Bad(server, $"has a value in \"{property}\" that is not a string")).ToList();
    }

    private static Dictionary<string, string> StringMap(JsonElement value, string server, string property)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!value.TryGetProperty(property, out var p) || p.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (p.ValueKind != JsonValueKind.Object)
        {
            throw Bad(server, $"has \"{property}\" that is not an object of strings");
        }

        foreach (var item in p.EnumerateObject())
        {
            result[item.Name] = Scalar(item.Value) ?? throw Bad(server, $"has \"{property}.{item.Name}\" that is not a string");
        }

        return result;
    }

    // Strings as they are; numbers and booleans as their JSON text (configs often write "PORT": 8080).
    private static string? Scalar(JsonElement item) => item.ValueKind switch
    {
        JsonValueKind.String => item.GetString(),
        JsonValueKind.Number => item.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static NexoException Bad(string server, string problem) =>
        NexoException.Validation("json", string.Create(CultureInfo.InvariantCulture, $"The MCP server '{server}' in the configuration {problem}."));
}
