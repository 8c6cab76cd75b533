using System.Globalization;
using System.Text;

namespace Nexo.BuiltinTools;

/// <summary>
/// <c>list_directory {path?}</c>: a folder's entries sorted by name, each with its type (<c>dir</c>, <c>file</c>,
/// <c>link</c>, <c>other</c>) and a file's size, at most <see cref="MaxEntries"/>. Nothing is hidden but Nexo's own
/// store; <c>.gitignore</c> does not apply (find_files and search_text respect it).
/// </summary>
internal sealed class ListDirectoryTool(BuiltinToolContext context) : BuiltinTool(context, BuiltinToolNames.ListDirectory, Text, Schema)
{
    public const int MaxEntries = 1000;

    private const string Text =
        "Lists a folder of the workspace: each entry's type (dir, file, link, other), name and a file's size in bytes, sorted by name. "
        + "Defaults to the workspace folder.";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "The folder, relative to the workspace folder. Default: the workspace folder." }
          },
          "additionalProperties": false
        }
        """;

    protected override Task<ToolCallPreview> PreviewCoreAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        var path = Context.RequireSandbox(Name).Resolve(Name, "path", arguments.String("path"));
        return Task.FromResult(new ToolCallPreview { Kind = BuiltinToolNames.KindOf(Name), Path = path.FullPath });
    }

    protected override Task<string> RunAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        var sandbox = Context.RequireSandbox(Name);
        var path = sandbox.Resolve(Name, "path", arguments.String("path"));
        if (path.Kind != FileKind.Directory)
        {
            throw BuiltinToolErrors.Fail(Name, "path", path.Kind == FileKind.Missing ? $"the folder '{path.Relative}' does not exist." : $"'{path.Relative}' is not a folder; read a file with read_file.");
        }

        var entries = new DirectoryInfo(path.RealPath)
            .EnumerateFileSystemInfos("*", new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0, ReturnSpecialDirectories = false })
            .Where(e => !sandbox.IsProtected(e.FullName))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        var text = new StringBuilder();
        text.Append(path.Relative == "." ? "The workspace folder" : path.Relative).Append(CultureInfo.InvariantCulture, $" ({entries.Count} entr{(entries.Count == 1 ? "y" : "ies")}):\n");
        foreach (var entry in entries.Take(MaxEntries))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.LinkTarget is { } target)
            {
                text.Append("link  ").Append(entry.Name).Append(" -> ").Append(target).Append('\n');
            }
            else if (entry is DirectoryInfo)
            {
                text.Append("dir   ").Append(entry.Name).Append("/\n");
            }
            else if (FileKinds.Of(entry.FullName) == FileKind.File)
            {
                text.Append("file  ").Append(entry.Name).Append(CultureInfo.InvariantCulture, $"  {((FileInfo)entry).Length}\n");
            }
            else
            {
                text.Append("other ").Append(entry.Name).Append("  (a device, FIFO or socket)\n");
            }
        }

        if (entries.Count > MaxEntries)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{entries.Count - MaxEntries} more entries not shown; use find_files to narrow down.]\n");
        }

        return Task.FromResult(text.ToString().TrimEnd('\n'));
    }
}
