using System.Globalization;
using System.Text;

namespace Nexo.BuiltinTools;

/// <summary>
/// <c>read_file {path, offset?, limit?}</c>: a text file's lines, numbered (<c>cat -n</c> style), from line
/// <c>offset</c> (1-based) for up to <c>limit</c> lines (at most <see cref="MaxLines"/>) and at most
/// <see cref="MaxChars"/> characters, with a note saying where it was cut and how to read on. Binary files (a NUL byte in
/// the first 8 KB) are refused. The file is streamed from the disk, so a huge file is never loaded whole.
/// </summary>
internal sealed class ReadFileTool(BuiltinToolContext context) : BuiltinTool(context, BuiltinToolNames.ReadFile, Text, Schema)
{
    /// <summary>The most lines one call returns.</summary>
    public const int MaxLines = 2000;

    /// <summary>The most characters one call returns (256 K).</summary>
    public const int MaxChars = 256 * 1024;

    private const string Text =
        "Reads a text file of the workspace folder. Returns its lines numbered from 1 (a tab after each number), "
        + "at most 2000 lines or 256 KB per call; use offset and limit to read a long file in parts. Binary files are refused.";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "The file, relative to the workspace folder (or absolute inside it)." },
            "offset": { "type": "integer", "minimum": 1, "description": "The first line to read (1-based). Default 1." },
            "limit": { "type": "integer", "minimum": 1, "maximum": 2000, "description": "How many lines to read. Default and most: 2000." }
          },
          "required": ["path"],
          "additionalProperties": false
        }
        """;

    protected override Task<ToolCallPreview> PreviewCoreAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        var path = Context.RequireSandbox(Name).Resolve(Name, "path", arguments.RequiredString("path", allowEmpty: false));
        return Task.FromResult(new ToolCallPreview { Kind = BuiltinToolNames.KindOf(Name), Path = path.FullPath });
    }

    protected override async Task<string> RunAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        var path = Context.RequireSandbox(Name).Resolve(Name, "path", arguments.RequiredString("path", allowEmpty: false));
        var offset = arguments.Int("offset", 1, int.MaxValue) ?? 1;
        var limit = arguments.Int("limit", 1, MaxLines) ?? MaxLines;
        TextFiles.CheckKind(Name, path, allowMissing: Context.Files is not null);

        TextReader reader;
        if (Context.Files is { } files)
        {
            string text;
            try
            {
                text = await files.ReadTextFileAsync(path.FullPath, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                throw BuiltinToolErrors.Fail(Name, "path", $"'{path.Relative}' does not exist.");
            }

            if (TextFiles.LooksBinary(text))
            {
                throw TextFiles.Binary(Name, path);
            }

            reader = new StringReader(text);
        }
        else
        {
            if (await TextFiles.IsBinaryFileAsync(path.FullPath, cancellationToken).ConfigureAwait(false))
            {
                throw TextFiles.Binary(Name, path);
            }

            reader = new StreamReader(
                new FileStream(path.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true),
                DiskFileAccess.Utf8,
                detectEncodingFromByteOrderMarks: true);
        }

        using (reader)
        {
            return await ReadLinesAsync(reader, path.Relative, offset, limit, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Streams the lines <paramref name="offset"/>… through the reader, numbering them, within the caps.</summary>
    private async Task<string> ReadLinesAsync(TextReader reader, string relative, int offset, int limit, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var buffer = new char[64 * 1024];
        var line = 1;
        var atLineStart = true;
        var lastWanted = (long)offset + limit - 1;
        var cutInLine = 0; // the line the size cap cut, if any
        var more = false; // lines after the window exist
        var sawAny = false;
        int read;
        while (!more && cutInLine == 0 && (read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
        {
            sawAny = true;
            for (var i = 0; i < read; i++)
            {
                if (line > lastWanted)
                {
                    more = true;
                    break;
                }

                var c = buffer[i];
                if (line >= offset)
                {
                    if (atLineStart)
                    {
                        output.Append(line.ToString(CultureInfo.InvariantCulture).PadLeft(6)).Append('\t');
                        atLineStart = false;
                    }

                    if (output.Length >= MaxChars)
                    {
                        cutInLine = line;
                        break;
                    }

                    if (c != '\r' || i + 1 >= read || buffer[i + 1] != '\n')
                    {
                        output.Append(c);
                    }
                }

                if (c == '\n')
                {
                    line++;
                    atLineStart = true;
                }
            }
        }

        if (!sawAny)
        {
            return $"({relative} is empty)";
        }

        var lastLine = atLineStart ? line - 1 : line; // the last line seen (complete or not)
        if (line < offset || (line == offset && atLineStart && output.Length == 0))
        {
            throw BuiltinToolErrors.Fail(Name, "offset", $"offset {offset} is past the end of '{relative}', which has {lastLine} line{(lastLine == 1 ? string.Empty : "s")}.");
        }

        if (output.Length > 0 && output[^1] != '\n')
        {
            output.Append('\n');
        }

        if (cutInLine > 0)
        {
            output.Append(CultureInfo.InvariantCulture, $"[Cut at {MaxChars / 1024} KB in line {cutInLine}. ")
                .Append(cutInLine > offset ? $"Read on with offset={cutInLine}.]" : "That line alone is longer than the cap; use search_text or run_command to look into it.]");
        }
        else if (more)
        {
            output.Append(CultureInfo.InvariantCulture, $"[Lines {offset}–{lastWanted} shown; the file goes on. Read on with offset={lastWanted + 1}.]");
        }

        return output.ToString().TrimEnd('\n');
    }
}
