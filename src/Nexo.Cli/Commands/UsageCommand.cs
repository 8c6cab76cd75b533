using System.CommandLine;
using Nexo.Cli.Output;

namespace Nexo.Cli.Commands;

/// <summary><c>nexo usage</c>: tokens by day, connection and model.</summary>
internal static class UsageCommand
{
    public static Command Create(CliRuntime runtime)
    {
        var workspace = new Option<string>("--workspace", "-w") { Description = "Only this workspace (default: all)", HelpName = "NAME|ID" };
        var connection = new Option<string>("--connection", "-c") { Description = "Only this connection", HelpName = "NAME|ID" };
        var since = new Option<string>("--since") { Description = "From this date (local time), e.g. 2026-11-01", HelpName = "DATE" };
        var until = new Option<string>("--until") { Description = "Before this date (local time)", HelpName = "DATE" };
        var days = new Option<int?>("--days", "-d") { Description = "The last N days (instead of --since)" };
        var command = new Command("usage", "Token usage by day, connection and model") { workspace, connection, since, until, days };
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
            var rows = await nexo.Usage.GetBreakdownAsync(filter, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new { summary, breakdown = rows });
                return ExitCodes.Ok;
            }

            var names = (await nexo.Connections.ListAsync(ct).ConfigureAwait(false)).ToDictionary(x => x.Id, x => x.Name);
            var table = new TableWriter().AddColumn("DAY").AddColumn("CONNECTION").AddColumn("MODEL", flexible: true)
                .AddColumn("REQUESTS", alignRight: true).AddColumn("INPUT", alignRight: true).AddColumn("OUTPUT", alignRight: true);
            foreach (var row in rows)
            {
                var name = row.ConnectionId is null ? "-" : names.GetValueOrDefault(row.ConnectionId, row.ConnectionId);
                table.AddRow(row.Day, name, row.Model, Formats.Count(row.Requests), Formats.Count(row.InputTokens), Formats.Count(row.OutputTokens));
            }

            if (rows.Count > 0)
            {
                table.AddRow("total", string.Empty, string.Empty, Formats.Count(summary.TotalRequests), Formats.Count(summary.TotalInputTokens), Formats.Count(summary.TotalOutputTokens));
            }

            ctx.WriteTable(table, "No usage recorded yet.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
