using System.CommandLine;
using Nexo.Cli.Output;

namespace Nexo.Cli.Commands;

/// <summary><c>nexo db path|migrate|backup|rekey</c>.</summary>
internal static class DbCommands
{
    public static Command Create(CliRuntime runtime)
    {
        var command = new Command("db", "The database file: where it is, its schema, backups");
        command.Subcommands.Add(PathCommand(runtime));
        command.Subcommands.Add(Migrate(runtime));
        command.Subcommands.Add(Backup(runtime));
        command.Subcommands.Add(Rekey(runtime));
        return command;
    }

    private static Command PathCommand(CliRuntime runtime)
    {
        var command = new Command("path", "Print the database file's path (--db, else $NEXO_HOME/nexo.db, else the default); does not create it");
        runtime.SetAction(command, (ctx, ct) =>
        {
            if (ctx.Json)
            {
                ctx.WriteJson(new DbPathOutput(ctx.DatabasePath, !ctx.Location.IsPostgres && File.Exists(ctx.DatabasePath)));
            }
            else
            {
                ctx.Console.Out.WriteLine(ctx.DatabasePath);
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command Migrate(CliRuntime runtime)
    {
        var command = new Command("migrate", "Create the database if needed and apply pending schema migrations");
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var existed = ctx.Location.IsPostgres || File.Exists(ctx.DatabasePath);
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new DbMigrateOutput(nexo.DatabasePath, nexo.SchemaVersion, !existed));
            }
            else
            {
                ctx.Console.Out.WriteLine(nexo.SchemaVersion);
                ctx.Info($"{(existed ? "Database" : "Created database")} {nexo.DatabasePath} is at schema version {nexo.SchemaVersion}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Backup(CliRuntime runtime)
    {
        var destination = new Argument<string>("DESTINATION") { Description = "The backup file to write" };
        var force = new Option<bool>("--force") { Description = "Replace the destination if it exists" };
        var command = new Command("backup", "Write a consistent copy of the database (safe while Nexo runs), with its key file nexo.key and attachments folder beside it") { destination, force };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var nexo = await ctx.OpenAsync(ct).ConfigureAwait(false);
            var written = await nexo.BackupAsync(ctx.Get(destination)!, ctx.Get(force), ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new DbBackupOutput(written, new FileInfo(written).Length));
            }
            else
            {
                ctx.Console.Out.WriteLine(written);
                var key = Path.Combine(Path.GetDirectoryName(written)!, "nexo.key");
                ctx.Info(File.Exists(key)
                    ? $"Backed up {nexo.DatabasePath} to {written}, with the key file {key} that its secrets need."
                    : $"Backed up {nexo.DatabasePath} to {written}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Rekey(CliRuntime runtime)
    {
        var forget = new Option<bool>("--forget-secrets") { Description = "Confirm that every stored secret (API keys, MCP env and header values) is cleared" };
        var command = new Command(
            "rekey",
            "Start over with a new key file when nexo.key is lost or wrong: keeps chats, workspaces, connections and MCP servers, clears their secrets")
        { forget };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            if (!ctx.Get(forget))
            {
                throw new UsageException(
                    "'nexo db rekey' clears every stored secret (API keys, MCP env and header values) and writes a new key file; "
                    + "add --forget-secrets to confirm. If you still have the original nexo.key, restore it instead.");
            }

            // Not ctx.OpenAsync: opening refuses exactly the databases this command is for.
            var result = await NexoClient.RekeyAsync(runtime.NexoOptions(ctx.Location), ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new DbRekeyOutput(result.DatabasePath, result.KeyFilePath, result.ReplacedKeyFilePath, result.ClearedConnections, result.ClearedMcpServers));
            }
            else
            {
                ctx.Console.Out.WriteLine(result.KeyFilePath ?? result.DatabasePath);
                ctx.Info(
                    $"New key {(result.KeyFilePath is null ? "supplied by the host" : $"written to {result.KeyFilePath}")}"
                    + (result.ReplacedKeyFilePath is null ? string.Empty : $" (the old key file was moved to {result.ReplacedKeyFilePath})")
                    + $". Cleared the secrets of {result.ClearedConnections} connection(s) and {result.ClearedMcpServers} MCP server(s); enter API keys again with 'nexo connection update' (MCP servers: update_mcp_server or McpServers.UpdateAsync, or remove and add them again).");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
