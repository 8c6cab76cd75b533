using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nexo.Cli.Output;

namespace Nexo.Cli.Commands;

/// <summary><c>nexo mcp add|list|remove|tools|call|import|enable|disable|resources|login|logout</c>.</summary>
internal static class McpCommands
{
    public static Command Create(CliRuntime runtime)
    {
        var command = new Command("mcp", "Manage MCP servers (tools for the model)");
        command.Subcommands.Add(Add(runtime));
        command.Subcommands.Add(List(runtime));
        command.Subcommands.Add(Remove(runtime));
        command.Subcommands.Add(Tools(runtime));
        command.Subcommands.Add(Call(runtime));
        command.Subcommands.Add(Import(runtime));
        command.Subcommands.Add(Enable(runtime));
        command.Subcommands.Add(Disable(runtime));
        command.Subcommands.Add(McpResourceCommands.Resources(runtime));
        command.Subcommands.Add(Login(runtime));
        command.Subcommands.Add(Logout(runtime));
        return command;
    }

    private static Command Add(CliRuntime runtime)
    {
        var name = new Argument<string>("NAME") { Description = "A name for the server (unique)" };
        var commandLine = new Argument<string[]>("COMMAND") { Description = "For stdio: the program and its arguments; put them after '--'", Arity = ArgumentArity.ZeroOrMore };
        var url = new Option<string>("--url") { Description = "For HTTP: the endpoint", HelpName = "URL" };
        var transport = new Option<string>("--transport", "-t") { Description = "stdio (default with a command), http (default with --url; also streamable-http, http-streamable) or sse", HelpName = "stdio|http|sse" };
        transport.AcceptOnlyFromAmong([.. McpTransportKinds.AcceptedNames]);
        var env = CommonOptions.Pairs("--env", "An environment variable for the server (repeatable; stored encrypted): NAME takes the value of nexo's own variable NAME; NAME=VALUE works but is visible to other users", "NAME[=VALUE]");
        env.Aliases.Add("-e");
        var envPrompt = CommonOptions.Pairs("--env-from-prompt", "Ask for the value of this environment variable, input hidden (repeatable; needs a terminal)", "NAME");
        var header = CommonOptions.Pairs("--header", "An HTTP header (repeatable; stored encrypted): NAME takes the value of nexo's environment variable NAME; NAME=VALUE works but is visible to other users", "NAME[=VALUE]");
        var headerPrompt = CommonOptions.Pairs("--header-from-prompt", "Ask for the value of this HTTP header, input hidden (repeatable; needs a terminal)", "NAME");
        var inheritEnv = new Option<string[]>("--inherit-env")
        {
            Description = "For stdio: a variable of this environment the server also receives (repeatable); otherwise it gets only a minimal safe set and its --env",
            HelpName = "NAME",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.ZeroOrMore,
        };
        var cwd = new Option<string>("--cwd") { Description = "For stdio: the working directory", HelpName = "DIR" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds one request may take (1 to 3600)", DefaultValueFactory = _ => 60 };
        var oauth = new Option<bool>("--oauth") { Description = "For HTTP: the server is protected by OAuth 2.1; Nexo asks you to authorize it in the browser on first use (or 'nexo mcp login')" };
        var clientId = new Option<string>("--oauth-client-id") { Description = "With --oauth: a client id registered with the authorization server (default: register dynamically)", HelpName = "ID" };
        var clientSecretEnv = new Option<string>("--oauth-client-secret-env") { Description = "With --oauth-client-id: the client secret, taken from nexo's environment variable NAME (stored encrypted)", HelpName = "NAME" };
        var scopes = new Option<string[]>("--oauth-scope")
        {
            Description = "With --oauth: a scope to ask for when the server names none (repeatable)",
            HelpName = "SCOPE",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.ZeroOrMore,
        };
        var enable = new Option<bool>("--enable") { Description = "Connect now and enable all its tools in the workspace (see 'nexo mcp enable')" };
        var workspace = CommonOptions.Workspace("With --enable: the workspace (default: the current one)");
        var command = new Command("add", "Add an MCP server: 'nexo mcp add NAME -- COMMAND ARGS…' or 'nexo mcp add NAME --url URL'; prints its id")
        {
            name, commandLine, url, transport, env, envPrompt, inheritEnv, header, headerPrompt, cwd, timeout, oauth, clientId, clientSecretEnv, scopes, enable, workspace,
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

            var kind = McpTransportKinds.TryParse(ctx.Get(transport), out var named) ? named
                : endpoint is null ? McpTransportKind.Stdio : McpTransportKind.Http;
            var envValues = SecretPairs.Read(ctx, ctx.Get(env), ctx.Get(envPrompt), "--env", "--env-from-prompt", "environment variable");
            var headerValues = SecretPairs.Read(ctx, ctx.Get(header), ctx.Get(headerPrompt), "--header", "--header-from-prompt", "HTTP header");
            var oauthSettings = ReadOAuth(ctx.Get(oauth), ctx.Get(clientId), ctx.Get(clientSecretEnv), ctx.Get(scopes));
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var server = await nexo.McpServers.CreateAsync(
                new NewMcpServer
                {
                    Name = ctx.Get(name)!,
                    Transport = kind,
                    Command = program.Length > 0 ? program[0] : null,
                    Args = program.Skip(1).ToList(),
                    Env = envValues,
                    InheritEnv = ctx.Get(inheritEnv) ?? [],
                    WorkingDirectory = ctx.Get(cwd),
                    Url = endpoint,
                    Headers = headerValues,
                    TimeoutSeconds = ctx.Get(timeout),
                    OAuth = oauthSettings,
                },
                ct).ConfigureAwait(false);
            WorkspaceCommands.WriteId(ctx, server.Id, server);
            ctx.Info($"Added MCP server '{server.Name}' ({TransportName(server.Transport)}: {Describe(server)}).");
            if (ctx.Get(enable))
            {
                var ws = await ctx.ResolveWorkspaceAsync(ctx.Get(workspace), ct).ConfigureAwait(false);
                var enabled = await EnableToolsAsync(ctx, nexo, ws, server, [], ct).ConfigureAwait(false);
                ctx.Info($"Enabled {enabled.Count} tool(s) in workspace '{ws.Name}': {string.Join(", ", enabled)}.");
            }
            else
            {
                ctx.Info($"Chats use its tools once they are enabled: 'nexo mcp enable {server.Name}'.");
            }

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

    private static Command Tools(CliRuntime runtime)
    {
        var target = Target();
        var command = new Command("tools", "Connect to a server and list its tools") { target };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var server = await nexo.McpServers.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            IReadOnlyList<McpToolInfo> tools;
            using (var spinner = new Spinner(ctx.Console))
            {
                spinner.Start($"connecting to {server.Name}…");
                tools = await nexo.Mcp.ConnectAsync(server.Id, ct).ConfigureAwait(false);
            }

            if (ctx.Json)
            {
                ctx.WriteJson(tools);
                return ExitCodes.Ok;
            }

            var settings = await nexo.Workspaces.GetSettingsAsync((await ctx.ResolveWorkspaceAsync(null, ct).ConfigureAwait(false)).Id, ct).ConfigureAwait(false);
            var enabled = settings.McpToolIds.TryGetValue(server.Id, out var names) ? names.ToHashSet(StringComparer.Ordinal) : [];
            var table = new TableWriter().AddColumn(" ").AddColumn("TOOL").AddColumn("DESCRIPTION", flexible: true);
            foreach (var tool in tools)
            {
                table.AddRow(enabled.Contains(tool.Name) ? "*" : string.Empty, tool.Name, Formats.OneLine(tool.Description ?? tool.Title ?? string.Empty));
            }

            ctx.WriteTable(table, $"MCP server '{server.Name}' offers no tools.");
            if (table.RowCount > 0)
            {
                ctx.Info(ctx.Console.ErrorStyle.Dim("* enabled in the current workspace"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Call(CliRuntime runtime)
    {
        var target = Target();
        var tool = new Argument<string>("TOOL") { Description = "The tool name, as the server spells it" };
        var json = new Argument<string>("ARGUMENTS") { Description = "The arguments as a JSON object (or use --arg)", Arity = ArgumentArity.ZeroOrOne };
        var args = CommonOptions.Pairs("--arg", "An argument (repeatable); the value is read as JSON when it parses, else as text", "NAME=VALUE");
        var command = new Command("call", "Call a tool of a server directly and print its result") { target, tool, json, args };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var arguments = BuildArguments(ctx.Get(json), ctx.Get(args));
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var server = await nexo.McpServers.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            McpToolResult result;
            using (var spinner = new Spinner(ctx.Console))
            {
                var calling = $"calling {ctx.Get(tool)} on {server.Name}…";
                spinner.Start(calling);
                var progress = new SpinnerProgress(spinner, calling);
                result = await nexo.Mcp.CallToolAsync(server.Id, ctx.Get(tool)!, arguments, progress, ct).ConfigureAwait(false);
            }

            if (ctx.Json)
            {
                ctx.WriteJson(result);
                return result.IsError ? ExitCodes.Error : ExitCodes.Ok;
            }

            if (result.IsError)
            {
                CliErrors.Write(ctx.Console, nameof(NexoErrorKind.Mcp), result.Text);
                return ExitCodes.Error;
            }

            if (result.Text.Length > 0)
            {
                ctx.Console.Out.WriteLine(result.Text);
            }

            var other = result.Content.Count(c => c.Type != "text");
            if (other > 0)
            {
                ctx.Info(ctx.Console.ErrorStyle.Dim($"(and {other} non-text block(s): {string.Join(", ", result.Content.Where(c => c.Type != "text").Select(c => c.MimeType ?? c.Type))}; --json shows them)"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import(CliRuntime runtime)
    {
        var file = new Argument<string>("FILE") { Description = "claude_desktop_config.json, .cursor/mcp.json, .vscode/mcp.json or VS Code settings; '-' reads stdin" };
        var command = new Command("import", "Import MCP servers from another client's configuration (existing names are skipped)") { file };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var path = ctx.Get(file)!;
            var created = path == "-"
                ? await nexo.Mcp.ImportAsync(await ctx.Console.In.ReadToEndAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false)
                : await nexo.Mcp.ImportFileAsync(Path.GetFullPath(path), ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(created);
                return ExitCodes.Ok;
            }

            foreach (var server in created)
            {
                ctx.Console.Out.WriteLine(server.Name);
            }

            ctx.Info(created.Count == 0 ? "Nothing new to import." : $"Imported {created.Count} MCP server(s). Enable their tools with 'nexo mcp enable NAME'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Enable(CliRuntime runtime)
    {
        var target = Target();
        var tools = new Argument<string[]>("TOOL") { Description = "The tools to enable (default: every tool the server offers)", Arity = ArgumentArity.ZeroOrMore };
        var workspace = CommonOptions.Workspace();
        var command = new Command("enable", "Offer a server's tools to the model in chats of a workspace") { target, tools, workspace };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var server = await nexo.McpServers.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            var ws = await ctx.ResolveWorkspaceAsync(ctx.Get(workspace), ct).ConfigureAwait(false);
            var enabled = await EnableToolsAsync(ctx, nexo, ws, server, ctx.Get(tools) ?? [], ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(enabled);
            }
            else
            {
                foreach (var name in enabled)
                {
                    ctx.Console.Out.WriteLine(name);
                }

                ctx.Info($"Chats in workspace '{ws.Name}' can use {enabled.Count} tool(s) of '{server.Name}'.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Disable(CliRuntime runtime)
    {
        var target = Target();
        var tools = new Argument<string[]>("TOOL") { Description = "The tools to disable (default: all of the server's)", Arity = ArgumentArity.ZeroOrMore };
        var workspace = CommonOptions.Workspace();
        var command = new Command("disable", "Stop offering a server's tools in chats of a workspace") { target, tools, workspace };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var server = await nexo.McpServers.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            var ws = await ctx.ResolveWorkspaceAsync(ctx.Get(workspace), ct).ConfigureAwait(false);
            var settings = await nexo.Workspaces.GetSettingsAsync(ws.Id, ct).ConfigureAwait(false);
            var selection = settings.McpToolIds.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            var drop = ctx.Get(tools) ?? [];
            var remaining = drop.Length == 0 || !selection.TryGetValue(server.Id, out var current)
                ? []
                : current.Where(t => !drop.Contains(t, StringComparer.Ordinal)).ToList();
            if (remaining.Count == 0)
            {
                selection.Remove(server.Id);
            }
            else
            {
                selection[server.Id] = remaining;
            }

            await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { McpToolIds = selection }, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(remaining);
            }

            ctx.Info(remaining.Count == 0
                ? $"No tools of '{server.Name}' are offered in workspace '{ws.Name}'."
                : $"Still enabled in workspace '{ws.Name}': {string.Join(", ", remaining)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Adds tools of a server to a workspace's selection (all its tools when none are named); returns the server's enabled tools.</summary>
    private static async Task<IReadOnlyList<string>> EnableToolsAsync(CliContext ctx, NexoClient nexo, Workspace ws, McpServer server, IReadOnlyList<string> names, CancellationToken ct)
    {
        IReadOnlyList<McpToolInfo> offered;
        using (var spinner = new Spinner(ctx.Console))
        {
            spinner.Start($"connecting to {server.Name}…");
            offered = await nexo.Mcp.ConnectAsync(server.Id, ct).ConfigureAwait(false);
        }

        var unknown = names.Where(n => offered.All(t => t.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            throw NexoException.Validation("tool", $"MCP server '{server.Name}' has no tool named {string.Join(", ", unknown.Select(u => $"'{u}'"))}; it offers: {string.Join(", ", offered.Select(t => t.Name))}.");
        }

        var settings = await nexo.Workspaces.GetSettingsAsync(ws.Id, ct).ConfigureAwait(false);
        var selection = settings.McpToolIds.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var current = selection.TryGetValue(server.Id, out var existing) ? existing : [];
        var wanted = names.Count == 0 ? offered.Select(t => t.Name) : names;
        var merged = current.Concat(wanted).Distinct(StringComparer.Ordinal).ToList();
        selection[server.Id] = merged;
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { McpToolIds = selection }, ct).ConfigureAwait(false);
        return merged;
    }

    /// <summary>The tool arguments: a JSON object, plus <c>--arg NAME=VALUE</c> pairs (values parsed as JSON when they parse).</summary>
    private static JsonElement? BuildArguments(string? json, IEnumerable<string>? pairs)
    {
        JsonObject arguments;
        if (string.IsNullOrWhiteSpace(json))
        {
            arguments = [];
        }
        else
        {
            try
            {
                arguments = JsonNode.Parse(json) as JsonObject ?? throw new UsageException("ARGUMENTS must be a JSON object, like '{\"path\": \"/tmp\"}'.");
            }
            catch (JsonException ex)
            {
                throw new UsageException($"ARGUMENTS is not valid JSON: {ex.Message}");
            }
        }

        foreach (var (name, value) in CommonOptions.ParsePairs(pairs, "--arg"))
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(value);
            }
            catch (JsonException)
            {
                node = JsonValue.Create(value);
            }

            arguments[name] = node;
        }

        return arguments.Count == 0 && string.IsNullOrWhiteSpace(json) ? null : JsonDocument.Parse(arguments.ToJsonString()).RootElement.Clone();
    }

    private static McpOAuthSettings? ReadOAuth(bool oauth, string? clientId, string? clientSecretEnv, string[]? scopes)
    {
        if (!oauth)
        {
            return clientId is not null || clientSecretEnv is not null || scopes is { Length: > 0 }
                ? throw new UsageException("--oauth-client-id, --oauth-client-secret-env and --oauth-scope go with --oauth.")
                : null;
        }

        string? secret = null;
        if (clientSecretEnv is not null)
        {
            secret = Environment.GetEnvironmentVariable(clientSecretEnv) is { Length: > 0 } value
                ? value
                : throw new UsageException($"--oauth-client-secret-env {clientSecretEnv}: nexo's environment has no variable {clientSecretEnv}.");
        }

        return new McpOAuthSettings { ClientId = clientId, ClientSecret = secret, Scopes = scopes ?? [] };
    }

    private static Command Login(CliRuntime runtime)
    {
        var target = Target();
        var command = new Command("login", "Authorize Nexo with an OAuth-protected MCP server: prints the URL (and opens the browser), then waits for the redirect") { target };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var server = await nexo.McpServers.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            var authorized = await nexo.Mcp.AuthorizeAsync(server.Id, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(authorized);
                return ExitCodes.Ok;
            }

            var expiry = authorized.AuthorizationExpiresAt is { } at ? $" (access token valid until {at.ToLocalTime():yyyy-MM-dd HH:mm}, refreshed automatically)" : string.Empty;
            ctx.Info($"Authorized with the MCP server '{server.Name}'{expiry}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Logout(CliRuntime runtime)
    {
        var target = Target();
        var command = new Command("logout", "Log out of an OAuth-protected MCP server: revokes and deletes its tokens, so the next use asks again") { target };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var server = await nexo.McpServers.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            var result = await nexo.Mcp.LogoutAsync(server.Id, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(result);
                return ExitCodes.Ok;
            }

            ctx.Info(!result.WasAuthorized
                ? $"Nexo was not authorized with the MCP server '{server.Name}'; nothing to do."
                : $"Logged out of the MCP server '{server.Name}': tokens {(result.Revoked ? "revoked at the authorization server and " : string.Empty)}deleted.");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static Argument<string> Target() => new("SERVER") { Description = "The server's name or id" };

    internal static string TransportName(McpTransportKind kind) => McpTransportKinds.Name(kind);

    private static string Describe(McpServer server) =>
        server.Transport == McpTransportKind.Stdio
            ? string.Join(' ', new[] { server.Command ?? string.Empty }.Concat(server.Args.Select(Quote)))
            : (server.Url ?? string.Empty) + (server.OAuth is null ? string.Empty : server.Authorized ? " (oauth: authorized)" : " (oauth: not authorized)");

    private static string Quote(string arg) => arg.Length == 0 || arg.Any(char.IsWhiteSpace) ? $"\"{arg}\"" : arg;

    /// <summary>Shows each progress report in the spinner as it comes (synchronously, so none lands after the spinner stopped).</summary>
    private sealed class SpinnerProgress(Spinner spinner, string text) : IProgress<McpToolProgress>
    {
        public void Report(McpToolProgress value) => spinner.Start($"{text} {Formats.Progress(value.Progress, value.Total, value.Message)}");
    }
}
