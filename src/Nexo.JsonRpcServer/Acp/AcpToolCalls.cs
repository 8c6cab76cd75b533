using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>How Nexo's tool calls look in ACP: title, kind, raw input and output, content.</summary>
internal static class AcpToolCalls
{
    /// <summary>The prefix of MCP server connections Nexo creates for servers an ACP client supplies.</summary>
    public const string EditorServerPrefix = "acp:";

    // Checked in order: the first group with a word of the tool name wins.
    private static readonly (string Kind, string[] Words)[] KindWords =
    [
        ("delete", ["delete", "remove", "rm", "unlink", "erase", "drop"]),
        ("move", ["move", "rename", "mv"]),
        ("edit", ["write", "edit", "update", "patch", "create", "replace", "insert", "append", "save", "modify", "set", "put"]),
        ("execute", ["exec", "execute", "run", "shell", "command", "bash", "terminal", "spawn", "eval"]),
        ("fetch", ["fetch", "http", "https", "url", "download", "web", "browse", "curl", "request"]),
        ("search", ["search", "find", "grep", "query", "lookup", "glob", "locate"]),
        ("think", ["think", "reason", "plan", "sequentialthinking"]),
        ("read", ["read", "get", "list", "show", "view", "cat", "open", "describe", "stat", "tree", "ls", "head", "tail"]),
    ];

    /// <summary>A tool kind guessed from the tool's name (<c>other</c> when nothing fits).</summary>
    public static string Kind(string toolName)
    {
        var words = Words(toolName);
        foreach (var (kind, candidates) in KindWords)
        {
            if (words.Any(w => candidates.Contains(w, StringComparer.Ordinal)))
            {
                return kind;
            }
        }

        return "other";
    }

    /// <summary>The title shown for a call: the tool name and, when known, the server's name.</summary>
    public static string Title(ToolCall call)
    {
        var server = call.ServerName;
        if (server is not null && server.StartsWith(EditorServerPrefix, StringComparison.Ordinal))
        {
            server = server[EditorServerPrefix.Length..];
        }

        return string.IsNullOrEmpty(server) ? call.Name : $"{call.Name} ({server})";
    }

    public static JsonNode? RawInput(ToolCall call) =>
        call.Arguments is { } args ? JsonNode.Parse(args.GetRawText()) : new JsonObject();

    /// <summary>The tool's text as JSON when it is JSON, else as a string.</summary>
    public static JsonNode? RawOutput(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Not JSON after all.
            }
        }

        return JsonValue.Create(text);
    }

    public static IReadOnlyList<ToolCallContent> TextContent(string text) => [Text(text)];

    /// <summary>A text content item.</summary>
    public static ToolCallContentBlock Text(string text) => new() { Content = new TextBlock { Text = text } };

    /// <summary>The kind of a call: the built-in tool's (<see cref="BuiltinToolNames.KindOf"/>), else guessed from the name.</summary>
    public static string Kind(ToolCall call) => AcpBuiltinTools.IsBuiltin(call) ? BuiltinToolNames.KindOf(call.Name) : Kind(call.Name);

    /// <summary>The title of a call: what a built-in call does (<c>Read src/a.cs</c>), else the tool and its server.</summary>
    public static string Title(ToolCall call, string cwd) => AcpBuiltinTools.IsBuiltin(call) ? AcpBuiltinTools.Title(call, cwd) : Title(call);

    /// <summary>The files a call touches (built-in tools only; MCP tools' arguments are not interpreted).</summary>
    public static IReadOnlyList<ToolCallLocation>? Locations(ToolCall call, string cwd) => AcpBuiltinTools.IsBuiltin(call) ? AcpBuiltinTools.Locations(call, cwd) : null;

    public static JsonObject Meta(ToolCall call, string messageId)
    {
        var nexo = new JsonObject { ["messageId"] = messageId, ["toolName"] = call.Name };
        if (call.ServerId is not null)
        {
            nexo["serverId"] = call.ServerId;
        }

        if (call.ServerName is not null)
        {
            nexo["serverName"] = call.ServerName;
        }

        return new JsonObject { ["nexo"] = nexo };
    }

    /// <summary>The first report of a call; paths of built-in calls are resolved against <paramref name="cwd"/>.</summary>
    public static ToolCallStart Start(ToolCall call, string messageId, string status, string cwd) => new()
    {
        ToolCallId = call.Id,
        Title = Title(call, cwd),
        Name = call.Name,
        Kind = Kind(call),
        Status = status,
        Locations = Locations(call, cwd),
        RawInput = RawInput(call),
        Meta = Meta(call, messageId),
    };

    /// <summary>A preview's change as diff content, when it has one (an edit that can run).</summary>
    public static ToolCallDiff? Diff(ToolCallPreview? preview, ToolCall call, string cwd) =>
        preview is { NewText: { } newText, Error: null } && (preview.Path ?? AcpBuiltinTools.DiffFromArguments(call, cwd)?.Path) is { } path
            ? new ToolCallDiff { Path = path, OldText = preview.OldText, NewText = newText }
            : null;

    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString().ToLowerInvariant());
                current.Clear();
            }
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            if (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1]))
            {
                Flush();
            }

            current.Append(c);
        }

        Flush();
        return words;
    }
}
