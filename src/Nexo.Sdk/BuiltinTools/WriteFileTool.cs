namespace Nexo.BuiltinTools;

/// <summary>
/// <c>write_file {path, content}</c>: creates a text file (and the folders it needs, inside the workspace folder) or
/// replaces one. The preview carries the old text, the new text and their unified diff.
/// </summary>
internal sealed class WriteFileTool(BuiltinToolContext context) : BuiltinTool(context, BuiltinToolNames.WriteFile, Text, Schema)
{
    private const string Text =
        "Creates a text file in the workspace folder, or replaces the whole content of an existing one. Missing folders are created. "
        + "To change part of a file, prefer edit_file.";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "The file, relative to the workspace folder (or absolute inside it)." },
            "content": { "type": "string", "description": "The file's whole new content." }
          },
          "required": ["path", "content"],
          "additionalProperties": false
        }
        """;

    protected override async Task<ToolCallPreview> PreviewCoreAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken) =>
        (await PrepareAsync(arguments, cancellationToken).ConfigureAwait(false)).ToPreview(Name);

    protected override async Task<string> RunAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        var change = await PrepareAsync(arguments, cancellationToken).ConfigureAwait(false);
        await change.ApplyAsync(Context, cancellationToken).ConfigureAwait(false);
        var lines = change.NewText.Length == 0 ? 0 : change.NewText.Count(c => c == '\n') + (change.NewText.EndsWith('\n') ? 0 : 1);
        var size = DiskFileAccess.Utf8.GetByteCount(change.NewText);
        return change.OldText is null
            ? $"Created {change.Path.Relative} ({lines} line{(lines == 1 ? string.Empty : "s")}, {size:N0} bytes)."
            : $"Replaced {change.Path.Relative} ({lines} line{(lines == 1 ? string.Empty : "s")}, {size:N0} bytes).";
    }

    private async Task<FileChange> PrepareAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        var path = Context.RequireSandbox(Name).Resolve(Name, "path", arguments.RequiredString("path", allowEmpty: false));
        var content = arguments.RequiredString("content", allowEmpty: true);
        if (path.Relative == ".")
        {
            throw BuiltinToolErrors.Fail(Name, "path", "the path is the workspace folder itself; give a file path.");
        }

        string? old;
        try
        {
            old = await TextFiles.ReadForEditAsync(Context, Name, path, cancellationToken).ConfigureAwait(false);
        }
        catch (NexoException) when (path.Kind == FileKind.File && Context.Files is null)
        {
            // A binary or huge file is replaced whole: there is no old text to show.
            old = string.Empty;
        }

        return new FileChange(path, old, content);
    }
}
