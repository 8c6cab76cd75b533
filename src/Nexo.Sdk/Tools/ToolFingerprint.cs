using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Nexo.Tools;

/// <summary>
/// The fingerprint a remembered permission rule of an MCP tool carries: a SHA-256 (first 16 bytes, hex) over what the
/// user approved, namely the server's identity (<see cref="Server"/>) and the tool's name and input schema as canonical
/// JSON. When it differs from the tool's current fingerprint the rule no longer grants anything (see
/// <c>PermissionGate.Decide</c>). Secrets are left out on purpose: environment and header <em>values</em> are not part
/// of it (rotating a key keeps the rules), only their names.
/// </summary>
internal static class ToolFingerprint
{
    /// <summary>
    /// The canonical text of an MCP server's identity: transport, command, arguments, working directory, URL, and the
    /// names (never the values) of its environment variables, inherited variables and headers.
    /// </summary>
    public static string Server(McpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("transport", server.Transport.ToString());
            w.WriteString("command", server.Command);
            w.WriteStartArray("args");
            foreach (var arg in server.Args)
            {
                w.WriteStringValue(arg);
            }

            w.WriteEndArray();
            w.WriteString("workingDirectory", server.WorkingDirectory);
            w.WriteString("url", server.Url);
            WriteNames(w, "env", server.Env.Keys, StringComparer.Ordinal);
            WriteNames(w, "inheritEnv", server.InheritEnv, StringComparer.Ordinal);
            WriteNames(w, "headers", server.Headers.Keys.Select(k => k.ToLowerInvariant()), StringComparer.Ordinal);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The fingerprint of a tool of the server whose identity is <paramref name="server"/> (<see cref="Server"/>).</summary>
    public static string Of(string? server, string toolName, JsonElement inputSchema)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("server", server ?? string.Empty);
            w.WriteString("tool", toolName);
            w.WritePropertyName("inputSchema");
            WriteCanonical(w, inputSchema);
            w.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan)[..16]);
    }

    /// <summary>Writes <paramref name="value"/> with object members sorted by name (ordinal), so equal schemas hash alike.</summary>
    private static void WriteCanonical(Utf8JsonWriter w, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    w.WritePropertyName(property.Name);
                    WriteCanonical(w, property.Value);
                }

                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteCanonical(w, item);
                }

                w.WriteEndArray();
                break;
            case JsonValueKind.Undefined:
                w.WriteNullValue();
                break;
            default:
                value.WriteTo(w);
                break;
        }
    }

    private static void WriteNames(Utf8JsonWriter w, string name, IEnumerable<string> names, StringComparer order)
    {
        w.WriteStartArray(name);
        foreach (var item in names.Distinct(order).Order(order))
        {
            w.WriteStringValue(item);
        }

        w.WriteEndArray();
    }
}
