using System.Text.Json;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>
/// How Nexo's built-in workspace tools (<see cref="BuiltinToolNames"/>) look in ACP: their kind, a title that says what
/// the call does, the files it touches (<c>locations</c>, absolute, resolved against the session's <c>cwd</c>), and for
/// an edit a diff built from the call's arguments (when no preview of the change was shown before it ran).
/// </summary>
internal static class AcpBuiltinTools
{
    /// <summary>Whether the call is one of Nexo's built-in tools (not an MCP server's tool of the same name).</summary>
    public static bool IsBuiltin(ToolCall call) => call.ServerId is null && BuiltinToolNames.All.Contains(call.Name, StringComparer.Ordinal);

    /// <summary>Whether the built-in tool changes a file (its completed call carries a diff).</summary>
    public static bool IsEdit(string name) => name is BuiltinToolNames.WriteFile or BuiltinToolNames.EditFile;

    /// <summary>What the call does, for people: <c>Read src/a.cs</c>, <c>Run `npm test`</c>…</summary>
    public static string Title(ToolCall call, string cwd)
    {
        var path = PathArgument(call) is { } p ? Display(cwd, p) : null;
        var pattern = String(call, "pattern");
        return call.Name switch
        {
            BuiltinToolNames.ReadFile => path is null ? "Read a file" : $"Read {path}",
            BuiltinToolNames.ListDirectory => $"List {path ?? "."}",
            BuiltinToolNames.FindFiles => pattern is null ? "Find files" : $"Find {pattern}" + (path is null ? string.Empty : $" in {path}"),
            BuiltinToolNames.SearchText => pattern is null ? "Search text" : $"Search {pattern}" + (path is null ? string.Empty : $" in {path}"),
            BuiltinToolNames.WriteFile => path is null ? "Write a file" : $"Write {path}",
            BuiltinToolNames.EditFile => path is null ? "Edit a file" : $"Edit {path}",
            BuiltinToolNames.RunCommand => CommandText(call) is { } command ? $"Run `{command}`" : "Run a command",
            BuiltinToolNames.UpdatePlan => "Update the plan",
            BuiltinToolNames.ReadMcpResource => String(call, "uri") is { } uri ? $"Read {uri}" : "List MCP resources",
            _ => call.Name,
        };
    }

    /// <summary>The files or folders the call touches, resolved against <paramref name="cwd"/>; <see langword="null"/> when none.</summary>
    public static IReadOnlyList<ToolCallLocation>? Locations(ToolCall call, string cwd)
    {
        var path = PathArgument(call);
        switch (call.Name)
        {
            case BuiltinToolNames.ReadFile when path is not null:
                var line = Int(call, "offset");
                return [new ToolCallLocation { Path = Resolve(cwd, path), Line = line is > 0 ? line : null }];
            case BuiltinToolNames.WriteFile or BuiltinToolNames.EditFile when path is not null:
                return [new ToolCallLocation { Path = Resolve(cwd, path) }];
            case BuiltinToolNames.ListDirectory or BuiltinToolNames.FindFiles or BuiltinToolNames.SearchText:
                return [new ToolCallLocation { Path = Resolve(cwd, path ?? ".") }];
            case BuiltinToolNames.RunCommand when String(call, "cwd") is { } dir:
                return [new ToolCallLocation { Path = Resolve(cwd, dir) }];
            default:
                return null;
        }
    }

    /// <summary>
    /// The change an edit made, from its arguments: <c>write_file</c> → the new text (the old one unknown);
    /// <c>edit_file</c> → the replaced string and its replacement (<c>oldText</c>, <c>newText</c>). <see langword="null"/> for other tools.
    /// </summary>
    public static ToolCallDiff? DiffFromArguments(ToolCall call, string cwd)
    {
        if (PathArgument(call) is not { } path)
        {
            return null;
        }

        return call.Name switch
        {
            BuiltinToolNames.WriteFile when String(call, "content", allowEmpty: true) is { } content => new ToolCallDiff { Path = Resolve(cwd, path), NewText = content },
            BuiltinToolNames.EditFile when String(call, "newText", allowEmpty: true) is { } replacement => new ToolCallDiff { Path = Resolve(cwd, path), OldText = String(call, "oldText", allowEmpty: true), NewText = replacement },
            _ => null,
        };
    }

    /// <summary>An absolute, normalized path: <paramref name="path"/> as is when rooted, else under <paramref name="cwd"/>.</summary>
    public static string Resolve(string cwd, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(cwd, path));

    private static string? PathArgument(ToolCall call) => String(call, "path");

    /// <summary>The command as the model gave it: the shell line (<c>command</c>), or <c>argv</c> joined with spaces.</summary>
    private static string? CommandText(ToolCall call)
    {
        if (String(call, "command") is { } line)
        {
            return line;
        }

        return call.Arguments is { ValueKind: JsonValueKind.Object } args && args.TryGetProperty("argv", out var argv) && argv.ValueKind == JsonValueKind.Array
            ? string.Join(' ', argv.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()))
            : null;
    }

    private static string Display(string cwd, string path)
    {
        var full = Resolve(cwd, path);
        var relative = Path.GetRelativePath(cwd, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
    }

    // The arguments as the built-in tools' schemas name them (path, offset, oldText, newText, content, pattern, command, argv, cwd).
    private static string? String(ToolCall call, string name, bool allowEmpty = false) =>
        call.Arguments is { ValueKind: JsonValueKind.Object } args && args.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { } text && (allowEmpty || text.Length > 0)
            ? text
            : null;

    private static int? Int(ToolCall call, string name) =>
        call.Arguments is { ValueKind: JsonValueKind.Object } args && args.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)
            ? n
            : null;
}
