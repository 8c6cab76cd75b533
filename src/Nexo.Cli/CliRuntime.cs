using System.CommandLine;

namespace Nexo.Cli;

/// <summary>The process-wide pieces every command shares.</summary>
/// <param name="console">The console.</param>
/// <param name="globals">The global options.</param>
/// <param name="interrupts">Ctrl+C handling.</param>
public sealed class CliRuntime(CliConsole console, GlobalOptions globals, Interrupts interrupts)
{
    /// <summary>The console.</summary>
    public CliConsole Console { get; } = console;

    /// <summary>The global options.</summary>
    public GlobalOptions Globals { get; } = globals;

    /// <summary>Ctrl+C handling.</summary>
    public Interrupts Interrupts { get; } = interrupts;

    /// <summary>
    /// Changes the SDK options before the database is opened, for every command (chat, serve, acp…): a program that embeds
    /// the CLI registers its own tools (<see cref="NexoOptions.Tools"/>) or middleware here.
    /// </summary>
    public Action<NexoOptions>? ConfigureNexo { get; init; }

    /// <summary>The SDK options for a database file, with <see cref="ConfigureNexo"/> applied.</summary>
    /// <param name="databasePath">The database file.</param>
    public NexoOptions NexoOptions(string? databasePath)
    {
        // An OAuth MCP server's authorization URL goes to stderr (and the browser); the command waits for the redirect.
        var options = new NexoOptions { DatabasePath = databasePath, McpAuthorizationRequired = Output.AuthorizationPrompt.Handler(Console) };
        ConfigureNexo?.Invoke(options);
        return options;
    }

    /// <summary>The SDK options for a store (a SQLite file or PostgreSQL), with <see cref="ConfigureNexo"/> applied.</summary>
    /// <param name="location">The store (<see cref="CliContext.Location"/>).</param>
    /// <exception cref="NexoException">Validation for PostgreSQL in the native (AOT) nexo, which runs on SQLite only.</exception>
    public NexoOptions NexoOptions(NexoStoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var options = new NexoOptions { McpAuthorizationRequired = Output.AuthorizationPrompt.Handler(Console) };
#if NEXO_NATIVE_AOT
        // The PostgreSQL store (Npgsql, Dapper) is not compiled ahead of time: the native nexo opens SQLite files only.
        if (location.IsPostgres)
        {
            throw NexoException.Validation("db", $"The native nexo opens SQLite databases only; for PostgreSQL ({location.Display}) use 'nexo serve' / 'nexo acp' (they run nexo-jsonrpc), nexo-jsonrpc itself, or the JIT nexo (dotnet publish -p:PublishAot=false).");
        }

        options.UseSqlite(location.DatabasePath);
#else
        options.UseStore(location);
#endif
        ConfigureNexo?.Invoke(options);
        return options;
    }

    /// <summary>
    /// Sets <paramref name="command"/>'s action: builds a <see cref="CliContext"/>, runs <paramref name="action"/>, and
    /// turns any failure into the one-line error and its exit code.
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="action">The work; returns the exit code.</param>
    public void SetAction(Command command, Func<CliContext, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(action);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var context = new CliContext(parse, this);
            try
            {
                return await action(context, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Every failure becomes one error line and an exit code.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return CliErrors.Report(Console, ex);
            }
        });
    }
}
