using System.CommandLine;
using System.Text;
using Nexo.Cli.Output;

namespace Nexo.Cli.Commands;

/// <summary><c>nexo mcp resources SERVER [URI]</c>: lists a server's resources and templates, or reads one.</summary>
internal static class McpResourceCommands
{
    public static Command Resources(CliRuntime runtime)
    {
        var target = McpCommands.Target();
        var uri = new Argument<string>("URI") { Description = "A resource to read (a listed URI, a resource link, or a template with --arg); without it the resources and templates are listed", Arity = ArgumentArity.ZeroOrOne };
        var args = CommonOptions.Pairs("--arg", "With a URI template: the value of one of its variables (repeatable)", "NAME=VALUE");
        var output = new Option<string>("--output", "-o") { Description = "Write the resource to this file (needed for binary content) instead of stdout", HelpName = "FILE" };
        var command = new Command("resources", "List a server's resources and resource templates, or read one (text goes to stdout as is)") { target, uri, args, output };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var server = await nexo.McpServers.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            if (ctx.Get(uri) is { Length: > 0 } resource)
            {
                return await ReadAsync(ctx, nexo, server, resource, CommonOptions.ParsePairs(ctx.Get(args), "--arg"), ctx.Get(output), ct).ConfigureAwait(false);
            }

            if (ctx.Get(args) is { Length: > 0 } || ctx.Get(output) is not null)
            {
                throw new UsageException("--arg and --output go with a URI to read.");
            }

            IReadOnlyList<McpResourceInfo> resources;
            IReadOnlyList<McpResourceTemplateInfo> templates;
            using (var spinner = new Spinner(ctx.Console))
            {
                spinner.Start($"connecting to {server.Name}…");
                resources = await nexo.Mcp.ListResourcesAsync(server.Id, ct).ConfigureAwait(false);
                templates = await nexo.Mcp.ListResourceTemplatesAsync(server.Id, ct).ConfigureAwait(false);
            }

            if (ctx.Json)
            {
                ctx.WriteJson(new McpResourcesOutput(resources, templates));
                return ExitCodes.Ok;
            }

            var table = new TableWriter().AddColumn("URI").AddColumn("TYPE").AddColumn("DESCRIPTION", flexible: true);
            foreach (var r in resources)
            {
                table.AddRow(r.Uri, r.MimeType ?? string.Empty, Formats.OneLine(r.Description ?? r.Title ?? r.Name));
            }

            foreach (var t in templates)
            {
                var arguments = t.Arguments.Count == 0 ? string.Empty : $" (--arg {string.Join(", --arg ", t.Arguments.Select(a => a + "=…"))})";
                table.AddRow(t.UriTemplate, t.MimeType ?? string.Empty, Formats.OneLine($"template{arguments}: {t.Description ?? t.Title ?? t.Name}"));
            }

            ctx.WriteTable(table, $"MCP server '{server.Name}' offers no resources.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> ReadAsync(CliContext ctx, NexoClient nexo, McpServer server, string uri, Dictionary<string, string> arguments, string? output, CancellationToken ct)
    {
        McpResourceReadResult read;
        using (var spinner = new Spinner(ctx.Console))
        {
            spinner.Start($"reading {uri} from {server.Name}…");
            read = arguments.Count > 0
                ? await nexo.Mcp.ReadResourceTemplateAsync(server.Id, uri, arguments, ct).ConfigureAwait(false)
                : await nexo.Mcp.ReadResourceAsync(server.Id, uri, ct).ConfigureAwait(false);
        }

        if (ctx.Json)
        {
            ctx.WriteJson(read);
            return ExitCodes.Ok;
        }

        var parts = read.Contents.Select(Bytes).ToList();
        if (output is { Length: > 0 } file)
        {
            var path = Path.GetFullPath(file);
            await File.WriteAllBytesAsync(path, parts.SelectMany(p => p.Bytes).ToArray(), ct).ConfigureAwait(false);
            ctx.Info($"Wrote {parts.Sum(p => p.Bytes.Length)} bytes of {read.Uri} to {path}.");
            return ExitCodes.Ok;
        }

        if (parts.FindIndex(p => p.Text is null) is >= 0 and var index)
        {
            var binary = parts[index];
            throw new UsageException(
                $"The resource '{binary.Uri}' is binary ({binary.MimeType ?? "no type"}, {binary.Bytes.Length} bytes): write it to a file with --output FILE, or see it as base64 with --json.");
        }

        foreach (var part in parts)
        {
            await ctx.Console.Out.WriteAsync(part.Text).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    /// <summary>A content item's bytes, and its text when it is text (a blob of a text type decoded as UTF-8).</summary>
    private static (string Uri, string? MimeType, byte[] Bytes, string? Text) Bytes(McpResourceContent content)
    {
        if (content.Text is { } text)
        {
            return (content.Uri, content.MimeType, Encoding.UTF8.GetBytes(text), text);
        }

        var bytes = Convert.FromBase64String(content.Blob ?? string.Empty);
        var type = (content.MimeType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        var textual = type.StartsWith("text/", StringComparison.Ordinal) || type is "application/json" or "application/xml" || type.EndsWith("+json", StringComparison.Ordinal);
        try
        {
            return (content.Uri, content.MimeType, bytes, textual ? new UTF8Encoding(false, true).GetString(bytes) : null);
        }
        catch (DecoderFallbackException)
        {
            return (content.Uri, content.MimeType, bytes, null);
        }
    }
}
