using System.CommandLine;
using Nexo.Cli.Output;

namespace Nexo.Cli.Commands;

/// <summary>
/// <c>nexo usage</c>: tokens and cost by day, connection and model, or by the keys of <c>--by</c>; <c>nexo usage prices</c>:
/// the cost ledger's prices.
/// </summary>
internal static class UsageCommand
{
    /// <summary>The keys of <c>--by</c>, by their wire names (as <c>get_usage_breakdown</c>'s <c>groupBy</c>).</summary>
    private static readonly (string Name, UsageGroupBy Key, string Header)[] GroupKeys =
    [
        ("workspace", UsageGroupBy.Workspace, "WORKSPACE"),
        ("chat", UsageGroupBy.Chat, "CHAT"),
        ("connection", UsageGroupBy.Connection, "CONNECTION"),
        ("model", UsageGroupBy.Model, "MODEL"),
        ("day", UsageGroupBy.Day, "DAY"),
        ("hour", UsageGroupBy.Hour, "HOUR"),
    ];

    public static Command Create(CliRuntime runtime)
    {
        var workspace = new Option<string>("--workspace", "-w") { Description = "Only this workspace (default: all)", HelpName = "NAME|ID" };
        var connection = new Option<string>("--connection", "-c") { Description = "Only this connection", HelpName = "NAME|ID" };
        var since = new Option<string>("--since") { Description = "From this date (local time), e.g. 2026-11-01", HelpName = "DATE" };
        var until = new Option<string>("--until") { Description = "Before this date (local time)", HelpName = "DATE" };
        var days = new Option<int?>("--days", "-d") { Description = "The last N days (instead of --since)" };
        var by = new Option<string[]>("--by")
        {
            Description = "Group by these keys, in this order: workspace, chat, connection, model, day, hour (UTC); a comma list or repeatable (default: day,connection,model)",
            HelpName = "KEY[,KEY...]",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("usage", "Token usage and cost by day, connection and model, or grouped with --by") { workspace, connection, since, until, days, by };
        command.Subcommands.Add(Prices(runtime));
        runtime.SetAction(command, async (ctx, ct) =>
        {
            if (ctx.Get(days) is not null && ctx.Get(since) is not null)
            {
                throw new UsageException("--days and --since exclude each other.");
            }

            if (ctx.Get(days) is < 1)
            {
                throw new UsageException("--days must be at least 1.");
            }

            var groupBy = ParseGroupBy(ctx.Get(by));
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var start = ctx.Get(days) is { } n ? new DateTimeOffset(DateTime.Today.AddDays(1 - n)) : CommonOptions.ParseDate(ctx.Get(since), "--since");
            var filter = new UsageFilter
            {
                Start = start,
                End = CommonOptions.ParseDate(ctx.Get(until), "--until"),
                WorkspaceId = ctx.Get(workspace) is { } w ? (await nexo.Workspaces.FindAsync(w, ct).ConfigureAwait(false)).Id : null,
                ConnectionId = ctx.Get(connection) is { } c ? (await nexo.Connections.FindAsync(c, ct).ConfigureAwait(false)).Id : null,
            };
            var summary = await nexo.Usage.GetSummaryAsync(filter, ct).ConfigureAwait(false);
            var rows = await nexo.Usage.GetBreakdownAsync(filter, new UsageBreakdownOptions { GroupBy = groupBy }, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new UsageReport(summary, rows));
                return ExitCodes.Ok;
            }

            var keys = groupBy ?? UsageBreakdownOptions.DefaultGroupBy;
            var table = new TableWriter();
            foreach (var key in keys)
            {
                table.AddColumn(GroupKeys.Single(k => k.Key == key).Header, flexible: key is UsageGroupBy.Chat or UsageGroupBy.Model);
            }

            table.AddColumn("REQUESTS", alignRight: true).AddColumn("INPUT", alignRight: true).AddColumn("OUTPUT", alignRight: true).AddColumn("COST", alignRight: true);
            foreach (var row in rows)
            {
                table.AddRow([
                    .. keys.Select(k => KeyText(row, k)),
                    Formats.Count(row.Requests), Formats.Count(row.InputTokens), Formats.Count(row.OutputTokens), Formats.Cost(row.Cost, row.CostUnknownRecords),
                ]);
            }

            if (rows.Count > 0)
            {
                table.AddRow([
                    "total", .. keys.Skip(1).Select(_ => string.Empty),
                    Formats.Count(summary.TotalRequests), Formats.Count(summary.TotalInputTokens), Formats.Count(summary.TotalOutputTokens), Formats.Cost(summary.Cost, summary.CostUnknownRecords),
                ]);
            }

            ctx.WriteTable(table, "No usage recorded yet.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The keys of <c>--by</c> (comma lists, repeatable), or <see langword="null"/> when it is not given.</summary>
    private static List<UsageGroupBy>? ParseGroupBy(string[]? values)
    {
        if (values is not { Length: > 0 })
        {
            return null;
        }

        var keys = new List<UsageGroupBy>();
        foreach (var name in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var match = GroupKeys.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
            if (match.Name is null)
            {
                throw new UsageException($"--by: unknown key '{name}'; use workspace, chat, connection, model, day or hour.");
            }

            if (keys.Contains(match.Key))
            {
                throw new UsageException($"--by: '{match.Name}' is given twice.");
            }

            keys.Add(match.Key);
        }

        return keys.Count > 0 ? keys : throw new UsageException("--by needs at least one key: workspace, chat, connection, model, day or hour.");
    }

    /// <summary>A row's value of a key: names where the row has them (else the id), <c>-</c> for a record without one.</summary>
    private static string KeyText(UsageBreakdownRow row, UsageGroupBy key) => key switch
    {
        UsageGroupBy.Workspace => row.WorkspaceName ?? row.WorkspaceId ?? "-",
        UsageGroupBy.Chat => row.ChatTitle ?? row.ChatId ?? "-",
        UsageGroupBy.Connection => row.ConnectionName ?? row.ConnectionId ?? "-",
        UsageGroupBy.Model => row.Model ?? "-",
        UsageGroupBy.Day => row.Day ?? "-",
        _ => row.Hour ?? "-",
    };

    private static Command Prices(CliRuntime runtime)
    {
        var command = new Command("prices", "Model prices (USD per million tokens) that usage costs are computed with; none until set or imported");
        command.Subcommands.Add(ListPrices(runtime));
        command.Subcommands.Add(SetPrice(runtime));
        command.Subcommands.Add(DeletePrice(runtime));
        command.Subcommands.Add(ImportPrices(runtime));
        return command;
    }

    private static Option<string> PriceConnection(string description) =>
        new("--connection", "-c") { Description = description, HelpName = "NAME|ID" };

    private static async Task<string?> ConnectionIdAsync(NexoClient nexo, string? nameOrId, CancellationToken ct) =>
        nameOrId is null ? null : (await nexo.Connections.FindAsync(nameOrId, ct).ConfigureAwait(false)).Id;

    private static Command ListPrices(CliRuntime runtime)
    {
        var connection = PriceConnection("Only the prices that apply to this connection");
        var command = new Command("list", "List model prices") { connection };
        command.Aliases.Add("ls");
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var prices = await nexo.Usage.GetModelPricesAsync(await ConnectionIdAsync(nexo, ctx.Get(connection), ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(prices);
                return ExitCodes.Ok;
            }

            var names = (await nexo.Connections.ListAsync(ct).ConfigureAwait(false)).ToDictionary(x => x.Id, x => x.Name);
            var table = new TableWriter().AddColumn("MODEL", flexible: true).AddColumn("CONNECTION").AddColumn("INPUT", alignRight: true)
                .AddColumn("OUTPUT", alignRight: true).AddColumn("CACHED INPUT", alignRight: true).AddColumn("REASONING", alignRight: true);
            foreach (var p in prices)
            {
                table.AddRow(
                    p.Model,
                    p.ConnectionId is null ? "(any)" : names.GetValueOrDefault(p.ConnectionId, p.ConnectionId),
                    Formats.Usd(p.InputPerMillion),
                    Formats.Usd(p.OutputPerMillion),
                    p.CachedInputPerMillion is { } cached ? Formats.Usd(cached) : "-",
                    p.ReasoningPerMillion is { } reasoning ? Formats.Usd(reasoning) : "-");
            }

            ctx.WriteTable(table, "No prices set: usage costs are unknown. Set one with 'nexo usage prices set MODEL --input X --output Y'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetPrice(CliRuntime runtime)
    {
        var model = new Argument<string>("MODEL") { Description = "The model id, as usage records name it" };
        var input = new Option<decimal>("--input") { Description = "USD per million input tokens", HelpName = "USD", Required = true };
        var output = new Option<decimal>("--output") { Description = "USD per million output tokens", HelpName = "USD", Required = true };
        var cached = new Option<decimal?>("--cached-input") { Description = "USD per million cached input tokens (default: --input)", HelpName = "USD" };
        var reasoning = new Option<decimal?>("--reasoning") { Description = "USD per million reasoning tokens (default: --output)", HelpName = "USD" };
        var connection = PriceConnection("Only for this connection (default: the model on every connection)");
        var command = new Command("set", "Set the price of a model; later calls are priced with it (recorded costs never change)")
        {
            model, input, output, cached, reasoning, connection,
        };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var price = await nexo.Usage.SetModelPriceAsync(
                new ModelPrice
                {
                    Model = ctx.Get(model)!,
                    ConnectionId = await ConnectionIdAsync(nexo, ctx.Get(connection), ct).ConfigureAwait(false),
                    InputPerMillion = ctx.Get(input),
                    OutputPerMillion = ctx.Get(output),
                    CachedInputPerMillion = ctx.Get(cached),
                    ReasoningPerMillion = ctx.Get(reasoning),
                },
                ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(price);
            }
            else
            {
                ctx.Info($"Set the price of '{price.Model}': {Formats.Usd(price.InputPerMillion)} input, {Formats.Usd(price.OutputPerMillion)} output per million tokens.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command DeletePrice(CliRuntime runtime)
    {
        var model = new Argument<string>("MODEL") { Description = "The model" };
        var connection = PriceConnection("The connection's own price (default: the price for every connection)");
        var command = new Command("delete", "Delete the price of a model; its later calls have an unknown cost") { model, connection };
        command.Aliases.Add("rm");
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var deleted = await nexo.Usage.DeleteModelPriceAsync(ctx.Get(model)!, await ConnectionIdAsync(nexo, ctx.Get(connection), ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            if (!deleted)
            {
                throw new NexoException(NexoErrorKind.NotFound, $"No price is set for '{ctx.Get(model)}'{(ctx.Get(connection) is { } c ? $" on '{c}'" : string.Empty)}.");
            }

            ctx.Info($"Deleted the price of '{ctx.Get(model)}'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ImportPrices(CliRuntime runtime)
    {
        var file = new Argument<string>("FILE") { Description = "A price file ({\"currency\": \"USD\", \"prices\": [...]}, see docs/cli.md); - reads stdin" };
        var command = new Command("import", "Import model prices from a JSON file, all or none; each replaces the price of the same model and connection") { file };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var path = ctx.Get(file)!;
            string json;
            try
            {
                json = path == "-" ? await ctx.Console.In.ReadToEndAsync(ct).ConfigureAwait(false) : await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new UsageException($"Cannot read '{path}': {ex.Message}");
            }

            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var prices = await nexo.Usage.ImportModelPricesAsync(json, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(prices);
            }
            else
            {
                ctx.Info($"Imported {prices.Count} price{(prices.Count == 1 ? string.Empty : "s")}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
