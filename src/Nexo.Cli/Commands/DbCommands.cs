using System.CommandLine;
using Nexo.Cli.Output;

namespace Nexo.Cli.Commands;

/// <summary><c>nexo db path|migrate|backup|rekey|copy</c>.</summary>
internal static class DbCommands
{
    public static Command Create(CliRuntime runtime)
    {
        var command = new Command("db", "The database file: where it is, its schema, backups");
        command.Subcommands.Add(PathCommand(runtime));
        command.Subcommands.Add(Migrate(runtime));
        command.Subcommands.Add(Backup(runtime));
        command.Subcommands.Add(Rekey(runtime));
        command.Subcommands.Add(Copy(runtime));
        return command;
    }

    private static Command Copy(CliRuntime runtime)
    {
        var from = new Option<string>("--from") { Description = "The store to copy: a SQLite file, or PostgreSQL (postgres://… or Host=…;Database=…)", Required = true };
        var to = new Option<string>("--to") { Description = "The empty store to copy into (created and migrated when needed): a SQLite file or PostgreSQL", Required = true };
        var fromKeyEnv = new Option<string?>("--from-key-env") { Description = "An environment variable holding the source's key (32 bytes in base64); default: NEXO_ENCRYPTION_KEY when set, else a SQLite file's nexo.key", HelpName = "NAME" };
        var toKeyEnv = new Option<string?>("--to-key-env") { Description = "An environment variable holding the target's key (32 bytes in base64); default: NEXO_ENCRYPTION_KEY when set, else a new or existing nexo.key beside a SQLite file", HelpName = "NAME" };
        var command = new Command("copy", "Copy a whole store into an empty one (SQLite to PostgreSQL and back): every table in one transaction, secrets encrypted again with the target's key, each table verified by its row count and a checksum") { from, to, fromKeyEnv, toKeyEnv };
        runtime.SetAction(command, async (ctx, ct) =>
        {
            var source = Location("--from", ctx.Get(from)!);
            var target = Location("--to", ctx.Get(to)!);
            var sourceOptions = runtime.NexoOptions(source);
            if (Key("--from-key-env", ctx.Get(fromKeyEnv)) is { } sourceKey)
            {
                sourceOptions.EncryptionKey = sourceKey;
            }

            var targetOptions = runtime.NexoOptions(target);
            if (Key("--to-key-env", ctx.Get(toKeyEnv)) is { } targetKey)
            {
                targetOptions.EncryptionKey = targetKey;
            }

            await using var sourceClient = await NexoClient.OpenAsync(sourceOptions, ct).ConfigureAwait(false);
            await using var targetClient = await NexoClient.OpenAsync(targetOptions, ct).ConfigureAwait(false);
            var progress = new Progress<StoreCopyTable>(t => ctx.Info($"  {t.Name}: {t.Rows} rows, checksum {t.Checksum[..16]}"));
            ctx.Info($"Copying {sourceClient.DatabasePath} to {targetClient.DatabasePath}…");
            var tables = await sourceClient.CopyStoreToAsync(targetClient, ctx.Json ? null : progress, ct).ConfigureAwait(false);
            if (ctx.Json)
            {
                ctx.WriteJson(new DbCopyOutput(sourceClient.DatabasePath, targetClient.DatabasePath, tables));
            }
            else
            {
                ctx.Console.Out.WriteLine(targetClient.DatabasePath);
                ctx.Info($"Copied {tables.Sum(t => t.Rows)} rows in {tables.Count} tables; every table has the same row count and checksum on both sides.");
            }

            return ExitCodes.Ok;
        });
        return command;

        static NexoStoreLocation Location(string option, string value)
        {
            try
            {
                return NexoStoreLocation.Parse(value);
            }
            catch (NexoException ex) when (ex.Kind == NexoErrorKind.Validation)
            {
                throw new UsageException($"{option}: {ex.Message}");
            }
        }

        static byte[]? Key(string option, string? variable)
        {
            if (variable is null)
            {
                return null;
            }

            var text = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new UsageException($"{option}: the environment variable {variable} is not set.");
            }

            try
            {
                var key = Convert.FromBase64String(text.Trim());
                return key.Length == 32 ? key : throw new UsageException($"{option}: {variable} must hold 32 bytes in base64; it holds {key.Length}.");
            }
            catch (FormatException)
            {
                throw new UsageException($"{option}: {variable} is not valid base64; it must hold 32 bytes in base64 (for example from 'openssl rand -base64 32').");
            }
        }
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
