using System.CommandLine;
using Nexo.Cli.Output;

namespace Nexo.Cli.Commands;

/// <summary><c>nexo mcp add|list|remove|tools|call|import</c>.</summary>
internal static class McpCommands
{
    public static Command Create(CliRuntime runtime)
    {
        var command = new Command("mcp", "Manage MCP servers (tools for the model)");
        command.Subcommands.Add(Add(runtime));
        command.Subcommands.Add(List(runtime));
        command.Subcommands.Add(Remove(runtime));
        return command;
    }

    private static Command Add(CliRuntime runtime)
    {
        var name = new Argument<string>("NAME") { Description = "A name for the server (unique)" };
        var commandLine = new Argument<string[]>("COMMAND") { Description = "For stdio: the program and its arguments; put them after '--'", Arity = ArgumentArity.ZeroOrMore };
        var url = new Option<string>("--url") { Description = "For HTTP: the endpoint", HelpName = "URL" };
        var transport = new Option<string>("--transport", "-t") { Description = "stdio (default with a command), http (default with --url) or sse", HelpName = "stdio|http|sse" };
        transport.AcceptOnlyFromAmong("stdio", "http", "sse");
        var env = CommonOptions.Pairs("--env", "An environment variable for the server (repeatable; stored encrypted)");
        env.Aliases.Add("-e");
        var header = CommonOptions.Pairs("--header", "An HTTP header (repeatable; stored encrypted)", "NAME=VALUE");
        var cwd = new Option<string>("--cwd") { Description = "For stdio: the working directory", HelpName = "DIR" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds one request may take (1 to 3600)", DefaultValueFactory = _ => 60 };
        var command = new Command("add", "Add an MCP server: 'nexo mcp add NAME -- COMMAND ARGS…' or 'nexo mcp add NAME --url URL'; prints its id")
        {
            name, commandLine, url, transport, env, header, cwd, timeout,
        };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var program = ctx.Get(commandLine) ?? [];
            var endpoint = ctx.Get(url);
            if (program.Length > 0 && endpoint is not null)
            {
                throw new UsageException("Give either a command (stdio) or --url (HTTP), not both.");
            }

            if (program.Length == 0 && endpoint is null)
            {
                throw new UsageException("Give the server's command after '--' (stdio) or its --url (HTTP).");
            }

            var kind = ctx.Get(transport) switch
            {
                "stdio" => McpTransportKind.Stdio,
                "http" => McpTransportKind.Http,
                "sse" => McpTransportKind.Sse,
                _ => endpoint is null ? McpTransportKind.Stdio : McpTransportKind.Http,
            };
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var server = await nexo.McpServers.CreateAsync(
                new NewMcpServer
                {
                    Name = ctx.Get(name)!,
                    Transport = kind,
                    Command = program.Length > 0 ? program[0] : null,
                    Args = program.Skip(1).ToList(),
                    Env = CommonOptions.ParsePairs(ctx.Get(env), "--env"),
                    WorkingDirectory = ctx.Get(cwd),
                    Url = endpoint,
                    Headers = CommonOptions.ParsePairs(ctx.Get(header), "--header"),
                    TimeoutSeconds = ctx.Get(timeout),
                },
                ct).ConfigureAwait(false);
            WorkspaceCommands.WriteId(ctx, server.Id, server);
            ctx.Info($"Added MCP server '{server.Name}' ({TransportName(server.Transport)}: {Describe(server)}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliRuntime runtime)
    {
        var command = new Command("list", "List MCP servers");
        command.Aliases.Add("ls");
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var servers = await nexo.McpServers.ListAsync(ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(servers);
                return ExitCodes.Ok;
            }

            var table = new TableWriter().AddColumn("NAME").AddColumn("TRANSPORT").AddColumn("COMMAND / URL", flexible: true)
                .AddColumn("STATUS").AddColumn("TOOLS", alignRight: true).AddColumn("ENABLED").AddColumn("ID");
            foreach (var s in servers)
            {
                var status = s.Status switch
                {
                    McpServerStatus.Connected => "connected",
                    McpServerStatus.Connecting => "connecting",
                    McpServerStatus.Error => "error",
                    _ => "disconnected",
                };
                table.AddRow(s.Name, TransportName(s.Transport), Describe(s), status, s.Tools.Count, s.Enabled, s.Id);
            }

            ctx.WriteTable(table, "No MCP servers. Add one with 'nexo mcp add NAME -- COMMAND ARGS…' or 'nexo mcp add NAME --url URL'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliRuntime runtime)
    {
        var target = Target();
        var command = new Command("remove", "Delete an MCP server") { target };
        command.Aliases.Add("rm");
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var server = await nexo.McpServers.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            await nexo.McpServers.DeleteAsync(server.Id, ct).ConfigureAwait(false);
            ctx.Info($"Removed MCP server '{server.Name}'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static Argument<string> Target() => new("SERVER") { Description = "The server's name or id" };

    internal static string TransportName(McpTransportKind kind) => kind switch
    {
        McpTransportKind.Http => "http",
        McpTransportKind.Sse => "sse",
        _ => "stdio",
    };

    private static string Describe(McpServer server) =>
        server.Transport == McpTransportKind.Stdio
            ? string.Join(' ', new[] { server.Command ?? string.Empty }.Concat(server.Args.Select(Quote)))
            : server.Url ?? string.Empty;

    private static string Quote(string arg) => arg.Length == 0 || arg.Any(char.IsWhiteSpace) ? $"\"{arg}\"" : arg;
}
