namespace Nexo.BuiltinTools;

/// <summary>
/// <c>edit_file {path, oldText, newText, replaceAll?}</c>: replaces an exact string in a text file. <c>oldText</c> must
/// occur exactly once unless <c>replaceAll</c>; the result carries the unified diff of the change. A file with Windows
/// line ends is matched with the <c>oldText</c> and <c>newText</c> given with either line end.
/// </summary>
internal sealed class EditFileTool(BuiltinToolContext context) : BuiltinTool(context, BuiltinToolNames.EditFile, Text, Schema)
{
    private const string Text =
        "Edits a text file of the workspace folder by replacing an exact string. oldText must match the file exactly "
        + "(whitespace and indentation included) and occur exactly once, unless replaceAll is true. Returns a unified diff of the change. "
        + "Read the file first; line numbers from read_file are not part of its text.";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "The file, relative to the workspace folder (or absolute inside it)." },
            "oldText": { "type": "string", "description": "The exact text to replace." },
            "newText": { "type": "string", "description": "The text to put in its place." },
            "replaceAll": { "type": "boolean", "description": "Replace every occurrence of oldText. Default false." }
          },
          "required": ["path", "oldText", "newText"],
          "additionalProperties": false
        }
        """;

    protected override async Task<ToolCallPreview> PreviewCoreAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken) =>
        (await PrepareAsync(arguments, cancellationToken).ConfigureAwait(false)).ToPreview(Name);

    protected override async Task<string> RunAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        var change = await PrepareAsync(arguments, cancellationToken).ConfigureAwait(false);
        await change.ApplyAsync(Context, cancellationToken).ConfigureAwait(false);
        var count = change.Replacements == 1 ? "1 occurrence" : $"{change.Replacements} occurrences";
        return $"Edited {change.Path.Relative}: replaced {count}.\n\n{change.DiffForResult()}".TrimEnd('\n');
    }

    private async Task<FileChange> PrepareAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        var path = Context.RequireSandbox(Name).Resolve(Name, "path", arguments.RequiredString("path", allowEmpty: false));
        var oldText = arguments.RequiredString("oldText", allowEmpty: false);
        var newText = arguments.RequiredString("newText", allowEmpty: true);
        var replaceAll = arguments.Bool("replaceAll") ?? false;
        if (string.Equals(oldText, newText, StringComparison.Ordinal))
        {
            throw arguments.Error("newText", "newText is the same as oldText; there is nothing to change.");
        }

        TextFiles.CheckKind(Name, path, allowMissing: Context.Files is not null);
        var text = await TextFiles.ReadForEditAsync(Context, Name, path, cancellationToken).ConfigureAwait(false)
            ?? throw BuiltinToolErrors.Fail(Name, "path", $"'{path.Relative}' does not exist; create it with write_file.");

        var count = Count(text, oldText);
        if (count == 0 && text.Contains("\r\n", StringComparison.Ordinal) && !oldText.Contains('\r', StringComparison.Ordinal))
        {
            // The model usually writes \n; the file has \r\n.
            var crlfOld = oldText.Replace("\n", "\r\n", StringComparison.Ordinal);
            if (Count(text, crlfOld) is > 0 and var crlfCount)
            {
                oldText = crlfOld;
                newText = newText.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
                count = crlfCount;
            }
        }

        if (count == 0)
        {
            var hint = text.Contains(oldText.Trim(), StringComparison.Ordinal) && oldText.Trim().Length > 0
                ? " It does occur with other whitespace around it: copy it exactly, indentation and line ends included."
                : " Read the file again and copy the text exactly.";
            throw arguments.Error("oldText", $"oldText was not found in '{path.Relative}'.{hint}");
        }

        if (count > 1 && !replaceAll)
        {
            throw arguments.Error("oldText", $"oldText occurs {count} times in '{path.Relative}'. Give more surrounding text so it occurs once, or set replaceAll to true.");
        }

        var updated = replaceAll ? text.Replace(oldText, newText, StringComparison.Ordinal) : ReplaceFirst(text, oldText, newText);
        return new FileChange(path, text, updated, replaceAll ? count : 1);
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string ReplaceFirst(string text, string oldText, string newText)
    {
        var i = text.IndexOf(oldText, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, i), newText, text.AsSpan(i + oldText.Length));
    }
}
