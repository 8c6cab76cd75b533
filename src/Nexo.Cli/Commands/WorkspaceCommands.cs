using System.CommandLine;
using System.Globalization;
using Nexo.Cli.Output;

namespace Nexo.Cli.Commands;

/// <summary><c>nexo workspace list|create|show|update|delete|use</c>.</summary>
internal static class WorkspaceCommands
{
    public static Command Create(CliRuntime runtime)
    {
        var command = new Command("workspace", "Manage workspaces: named homes for chats with their own settings");
        command.Aliases.Add("workspaces");
        command.Subcommands.Add(List(runtime));
        command.Subcommands.Add(CreateCommand(runtime));
        command.Subcommands.Add(Show(runtime));
        command.Subcommands.Add(Update(runtime));
        command.Subcommands.Add(Delete(runtime));
        command.Subcommands.Add(Use(runtime));
        return command;
    }

    private static Command List(CliRuntime runtime)
    {
        var command = new Command("list", "List workspaces (* marks the current one)");
        command.Aliases.Add("ls");
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var workspaces = await nexo.Workspaces.ListAsync(ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(workspaces);
                return ExitCodes.Ok;
            }

            var current = await CurrentIdAsync(ctx, ct).ConfigureAwait(false);
            var table = new TableWriter().AddColumn(" ").AddColumn("NAME", flexible: true).AddColumn("ID").AddColumn("ROOT", flexible: true).AddColumn("CREATED");
            foreach (var ws in workspaces)
            {
                table.AddRow(ws.Id == current ? "*" : string.Empty, ws.Name, ws.Id, ws.RootPath, ws.CreatedAt);
            }

            ctx.WriteTable(table, "No workspaces yet. Create one with 'nexo workspace create NAME' (chats use 'default' otherwise).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateCommand(CliRuntime runtime)
    {
        var name = new Argument<string>("NAME") { Description = "The workspace name (unique)" };
        var root = new Option<string>("--root") { Description = "A folder the workspace belongs to", HelpName = "DIR" };
        var use = new Option<bool>("--use") { Description = "Make it the current workspace" };
        var command = new Command("create", "Create a workspace; prints its id") { name, root, use };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = ctx.Get(name)!, RootPath = ctx.Get(root) }, ct).ConfigureAwait(false);
            if (ctx.Get(use))
            {
                await nexo.Settings.SetAsync(CliContext.CurrentWorkspaceSettingKey, ws.Id, ct).ConfigureAwait(false);
            }

            WriteId(ctx, ws.Id, ws);
            ctx.Info($"Created workspace '{ws.Name}'{(ctx.Get(use) ? " and made it current" : string.Empty)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliRuntime runtime)
    {
        var target = new Argument<string>("WORKSPACE") { Description = "Name or id (default: the current workspace)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("show", "Show a workspace and its settings") { target };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var ws = await ctx.ResolveWorkspaceAsync(ctx.Get(target), ct).ConfigureAwait(false);
            var settings = await nexo.Workspaces.GetSettingsAsync(ws.Id, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new WorkspaceWithSettings(ws, settings));
                return ExitCodes.Ok;
            }

            string? connectionName = null;
            if (settings.LlmConnectionId is { } connectionId)
            {
                connectionName = (await nexo.Connections.ListAsync(ct).ConfigureAwait(false)).FirstOrDefault(c => c.Id == connectionId)?.Name ?? connectionId;
            }

            var defaultConnection = await nexo.Connections.GetDefaultAsync(ct).ConfigureAwait(false);
            var chats = await nexo.Chats.ListAsync(ws.Id, new ChatQuery { Limit = 1000, IncludeArchived = true }, ct).ConfigureAwait(false);
            var rows = new List<(string, string)>
            {
                ("Name", ws.Name),
                ("Id", ws.Id),
                ("Root", ws.RootPath ?? "-"),
                ("Created", Formats.Time(ws.CreatedAt)),
                ("Chats", chats.NextCursor is null ? chats.Items.Count.ToString(CultureInfo.InvariantCulture) : "1000+"),
                ("Connection", connectionName ?? (defaultConnection is null ? "- (none configured)" : $"- (default: {defaultConnection.Name})")),
                ("Model", settings.DefaultModel ?? "- (the connection's default)"),
                ("System prompt", settings.SystemMessage is null ? "-" : Formats.Truncate(settings.SystemMessage, 80)),
                ("Temperature", settings.Temperature?.ToString(CultureInfo.InvariantCulture) ?? "- (provider default)"),
                ("Max tokens", settings.MaxTokens?.ToString(CultureInfo.InvariantCulture) ?? "- (provider default)"),
                ("Streaming", settings.StreamEnabled ? "on" : "off"),
                ("Max agent iterations", settings.MaxAgentIterations.ToString(CultureInfo.InvariantCulture)),
                ("Tool permission", PermissionModeName(settings.ToolPermissionMode)),
                ("Built-in tools", BuiltinToolsText(settings.BuiltinTools, ws.RootPath)),
                ("Monthly budget", settings.MonthlyBudgetUsd is { } budget ? Formats.Usd(budget) : "-"),
                ("Context strategy", settings.ContextStrategy == ContextStrategy.Truncate ? "truncate" : "summarize"),
            };
            foreach (var (tool, rule) in settings.ToolPermissions)
            {
                rows.Add(($"  {tool}", rule switch { ToolPermissionRule.AlwaysAllow => "always allow", ToolPermissionRule.AlwaysDeny => "always deny", _ => "ask" }));
            }

            foreach (var (serverId, tools) in settings.McpToolIds)
            {
                var server = (await nexo.McpServers.FindByIdAsync(serverId, ct).ConfigureAwait(false))?.Name ?? serverId;
                rows.Add(($"MCP tools of {server}", tools.Count == 0 ? "(none)" : string.Join(", ", tools)));
            }

            WriteDetails(ctx, rows);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Update(CliRuntime runtime)
    {
        var target = new Argument<string>("WORKSPACE") { Description = "Name or id (default: the current workspace)", Arity = ArgumentArity.ZeroOrOne };
        var rename = new Option<string>("--name") { Description = "A new name" };
        var root = new Option<string>("--root") { Description = "A new root folder (\"\" clears it)", HelpName = "DIR" };
        var system = new Option<string>("--system") { Description = "The system prompt (\"\" clears it)", HelpName = "TEXT" };
        var connection = new Option<string>("--connection", "-c") { Description = "The LLM connection chats use (name or id; \"\" for the default connection)", HelpName = "NAME|ID" };
        var model = new Option<string>("--model", "-m") { Description = "The model chats use (\"\" for the connection's default)", HelpName = "MODEL" };
        var temperature = new Option<double?>("--temperature") { Description = "Sampling temperature, 0 to 2", HelpName = "T" };
        var clearTemperature = new Option<bool>("--clear-temperature") { Description = "Use the provider's default temperature" };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Maximum output tokens per model call" };
        var stream = new Option<bool?>("--stream") { Description = "Stream answers token by token (true|false)", HelpName = "true|false" };
        var iterations = new Option<int?>("--max-iterations") { Description = "Maximum model calls in one agent turn (1 to 100)" };
        var permission = new Option<string>("--tool-permission") { Description = "How tool calls without a rule are treated: ask, allow_reads (tools that only read run without asking), allow_all", HelpName = "ask|allow_reads|allow_all" };
        permission.AcceptOnlyFromAmong("ask", "allow_reads", "allow_all");
        var builtinTools = new Option<string>("--builtin-tools")
        {
            Description = $"The built-in tools the workspace offers, comma-separated, replacing the list: {string.Join(", ", BuiltinToolNames.All)}; or all, or none. The file and command tools need a --root folder and stay inside it",
            HelpName = "NAMES|all|none",
        };
        builtinTools.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } value && ParseBuiltinTools(value) is null)
            {
                r.AddError($"--builtin-tools takes names from {string.Join(", ", BuiltinToolNames.All)}, or all, or none; got '{value}'.");
            }
        });
        var budget = new Option<decimal?>("--monthly-budget") { Description = "Monthly budget in USD: a warning at 80 %, new turns refused at 100 % (chat --ignore-budget overrides)", HelpName = "USD" };
        var clearBudget = new Option<bool>("--clear-monthly-budget") { Description = "Remove the monthly budget" };
        var strategy = new Option<string>("--context-strategy") { Description = "How a history too long for the model's context window is fitted: summarize (the oldest turns become a stored summary) or truncate (they are left out)", HelpName = "summarize|truncate" };
        strategy.AcceptOnlyFromAmong("summarize", "truncate");
        var command = new Command("update", "Rename a workspace or change its settings")
        {
            target, rename, root, system, connection, model, temperature, clearTemperature, maxTokens, stream, iterations, permission, builtinTools, budget, clearBudget, strategy,
        };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var ws = await ctx.ResolveWorkspaceAsync(ctx.Get(target), ct).ConfigureAwait(false);
            if (ctx.Get(temperature) is not null && ctx.Get(clearTemperature))
            {
                throw new UsageException("--temperature and --clear-temperature exclude each other.");
            }

            if (ctx.Get(budget) is not null && ctx.Get(clearBudget))
            {
                throw new UsageException("--monthly-budget and --clear-monthly-budget exclude each other.");
            }

            if (ctx.Get(rename) is not null || ctx.Get(root) is not null)
            {
                ws = await nexo.Workspaces.UpdateAsync(ws.Id, new WorkspaceUpdate { Name = ctx.Get(rename), RootPath = ctx.Get(root) }, ct).ConfigureAwait(false);
            }

            string? connectionId = null;
            if (ctx.Get(connection) is { } c)
            {
                connectionId = c.Length == 0 ? string.Empty : (await nexo.Connections.FindAsync(c, ct).ConfigureAwait(false)).Id;
            }

            var patch = new WorkspaceSettingsPatch
            {
                SystemMessage = ctx.Get(system),
                LlmConnectionId = connectionId,
                DefaultModel = ctx.Get(model),
                Temperature = ctx.Get(temperature),
                ClearTemperature = ctx.Get(clearTemperature),
                MaxTokens = ctx.Get(maxTokens),
                StreamEnabled = ctx.Get(stream),
                MaxAgentIterations = ctx.Get(iterations),
                ToolPermissionMode = ctx.Get(permission) switch
                {
                    "ask" => ToolPermissionMode.Ask,
                    "allow_reads" => ToolPermissionMode.AllowReads,
                    "allow_all" => ToolPermissionMode.AllowAll,
                    _ => null,
                },
                BuiltinTools = ctx.Get(builtinTools) is { } names ? ParseBuiltinTools(names) : null,
                MonthlyBudgetUsd = ctx.Get(budget),
                ClearMonthlyBudget = ctx.Get(clearBudget),
                ContextStrategy = ctx.Get(strategy) switch { "summarize" => ContextStrategy.Summarize, "truncate" => ContextStrategy.Truncate, _ => null },
            };
            var settings = patch == new WorkspaceSettingsPatch()
                ? await nexo.Workspaces.GetSettingsAsync(ws.Id, ct).ConfigureAwait(false)
                : await nexo.Workspaces.UpdateSettingsAsync(ws.Id, patch, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new WorkspaceWithSettings(ws, settings));
            }
            else
            {
                ctx.Console.Out.WriteLine(ws.Id);
                ctx.Info($"Updated workspace '{ws.Name}'.");
                if (ctx.Get(builtinTools) is not null && ws.RootPath is null && settings.BuiltinTools.Any(t => t != BuiltinToolNames.UpdatePlan))
                {
                    ctx.Warn($"workspace '{ws.Name}' has no folder, so its file and command tools are not offered; give it one with --root DIR.");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CliRuntime runtime)
    {
        var target = new Argument<string>("WORKSPACE") { Description = "Name or id" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (required when not at a terminal)" };
        var command = new Command("delete", "Delete a workspace with all its chats and messages") { target, yes };
        command.Aliases.Add("rm");
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var ws = await nexo.Workspaces.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            if (!ctx.Get(yes))
            {
                if (!ctx.Console.CanPrompt)
                {
                    throw new UsageException($"Deleting workspace '{ws.Name}' deletes all its chats; pass --yes to confirm.");
                }

                var chats = await nexo.Chats.ListAsync(ws.Id, new ChatQuery { Limit = 1000, IncludeArchived = true }, ct).ConfigureAwait(false);
                if (!ctx.Console.Confirm($"Delete workspace '{ws.Name}' and its {chats.Items.Count}{(chats.NextCursor is null ? string.Empty : "+")} chat(s)?", defaultYes: false))
                {
                    ctx.Info("Nothing deleted.");
                    return ExitCodes.Cancelled;
                }
            }

            await nexo.Workspaces.DeleteAsync(ws.Id, ct).ConfigureAwait(false);
            if (await CurrentIdAsync(ctx, ct).ConfigureAwait(false) == ws.Id)
            {
                await nexo.Settings.DeleteAsync(CliContext.CurrentWorkspaceSettingKey, ct).ConfigureAwait(false);
            }

            ctx.Info($"Deleted workspace '{ws.Name}'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Use(CliRuntime runtime)
    {
        var target = new Argument<string>("WORKSPACE") { Description = "Name or id" };
        var command = new Command("use", "Make a workspace the current one (chats go there when no --workspace is given)") { target };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var ws = await nexo.Workspaces.FindAsync(ctx.Get(target)!, ct).ConfigureAwait(false);
            await nexo.Settings.SetAsync(CliContext.CurrentWorkspaceSettingKey, ws.Id, ct).ConfigureAwait(false);
            WriteId(ctx, ws.Id, ws);
            ctx.Info($"Now using workspace '{ws.Name}'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The tools <c>--builtin-tools</c> names: comma-separated names, <c>all</c> or <c>none</c> (or an empty value);
    /// <see langword="null"/> when a name is not a built-in tool.
    /// </summary>
    internal static IReadOnlyList<string>? ParseBuiltinTools(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 1 && string.Equals(names[0], "all", StringComparison.OrdinalIgnoreCase))
        {
            return BuiltinToolNames.All;
        }

        if (names.Length == 0 || (names.Length == 1 && string.Equals(names[0], "none", StringComparison.OrdinalIgnoreCase)))
        {
            return [];
        }

        return names.All(n => BuiltinToolNames.All.Contains(n, StringComparer.Ordinal)) ? names : null;
    }

    /// <summary>The word for a permission mode, as <c>--tool-permission</c> takes it.</summary>
    internal static string PermissionModeName(ToolPermissionMode mode) => mode switch
    {
        ToolPermissionMode.AllowAll => "allow_all",
        ToolPermissionMode.AllowReads => "allow_reads",
        _ => "ask",
    };

    /// <summary>The built-in tools line of <c>workspace show</c>.</summary>
    private static string BuiltinToolsText(IReadOnlyList<string> tools, string? rootPath)
    {
        if (tools.Count == 0)
        {
            return "none";
        }

        var list = tools.Count == BuiltinToolNames.All.Count ? $"all ({string.Join(", ", tools)})" : string.Join(", ", tools);
        return rootPath is null && tools.Any(t => t != BuiltinToolNames.UpdatePlan) ? list + " (no root folder: only update_plan is offered)" : list;
    }

    private static async Task<string?> CurrentIdAsync(CliContext ctx, CancellationToken ct) =>
        (await ctx.GetCurrentWorkspaceAsync(ct).ConfigureAwait(false))?.Id;

    /// <summary>Writes the id of what a command created or changed (or the record with <c>--json</c>) on stdout.</summary>
    internal static void WriteId<T>(CliContext ctx, string id, T record)
    {
        if (ctx.Json)
        {
            ctx.WriteJson(record);
        }
        else
        {
            ctx.Console.Out.WriteLine(id);
        }
    }

    /// <summary>Writes label/value pairs as two aligned columns on stdout.</summary>
    internal static void WriteDetails(CliContext ctx, IReadOnlyList<(string Label, string Value)> rows)
    {
        var width = rows.Max(r => r.Label.Length) + 1;
        foreach (var (label, value) in rows)
        {
            ctx.Console.Out.WriteLine(ctx.Console.OutputStyle.Bold((label + ":").PadRight(width)) + " " + value);
        }
    }
}
