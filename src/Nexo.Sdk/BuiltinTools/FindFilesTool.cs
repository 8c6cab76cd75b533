using System.Globalization;
using System.Text;

namespace Nexo.BuiltinTools;

/// <summary>
/// <c>find_files {pattern, path?}</c>: the files under a folder whose path matches a glob (<see cref="Glob"/>), skipping
/// what <c>.gitignore</c> ignores, as paths relative to the workspace folder in order, at most <see cref="MaxResults"/>.
/// </summary>
internal sealed class FindFilesTool(BuiltinToolContext context) : BuiltinTool(context, BuiltinToolNames.FindFiles, Text, Schema)
{
    public const int MaxResults = 1000;

    private const string Text =
        "Finds files of the workspace by glob: * and ? within a name, ** across folders, {a,b} alternatives, [abc] classes. "
        + "A pattern without '/' matches file names at any depth (*.cs); one with '/' matches the path relative to the searched folder (src/**/*.test.ts). "
        + "Files ignored by .gitignore are skipped. Returns paths relative to the workspace folder.";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "pattern": { "type": "string", "description": "The glob, for example *.cs or src/**/test_*.py." },
            "path": { "type": "string", "description": "The folder to search, relative to the workspace folder. Default: the workspace folder." }
          },
          "required": ["pattern"],
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
        var pattern = arguments.RequiredString("pattern", allowEmpty: false);
        var folder = sandbox.Resolve(Name, "path", arguments.String("path"));
        if (folder.Kind != FileKind.Directory)
        {
            throw BuiltinToolErrors.Fail(Name, "path", folder.Kind == FileKind.Missing ? $"the folder '{folder.Relative}' does not exist." : $"'{folder.Relative}' is not a folder.");
        }

        Glob glob;
        try
        {
            glob = Glob.Parse(pattern);
        }
        catch (ArgumentException ex)
        {
            throw arguments.Error("pattern", ex.Message);
        }

        var prefix = folder.Relative == "." ? string.Empty : folder.Relative + "/";
        var found = new List<string>();
        var total = 0;
        foreach (var file in new WorkspaceWalker(sandbox).Files(folder, cancellationToken))
        {
            var local = prefix.Length > 0 && file.Relative.StartsWith(prefix, StringComparison.Ordinal) ? file.Relative[prefix.Length..] : file.Relative;
            if (glob.IsMatch(local, file.Name))
            {
                total++;
                if (found.Count < MaxResults)
                {
                    found.Add(file.Relative);
                }
            }
        }

        if (total == 0)
        {
            return Task.FromResult($"No files match '{pattern}' in {(folder.Relative == "." ? "the workspace folder" : folder.Relative)}.");
        }

        var text = new StringBuilder().AppendJoin('\n', found);
        if (total > found.Count)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[{total - found.Count} more files match; narrow the pattern or the path.]");
        }

        return Task.FromResult(text.ToString());
    }
}
