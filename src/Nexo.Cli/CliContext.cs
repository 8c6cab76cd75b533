using System.CommandLine;
using Nexo.Cli.Output;

namespace Nexo.Cli;

/// <summary>The options every command understands, wherever they are written on the command line.</summary>
public sealed class GlobalOptions
{
    /// <summary><c>--db PATH|URI</c>: the database file, or a PostgreSQL URI or connection string.</summary>
    public Option<string> Db { get; } = new("--db")
    {
        Description = "The database: a SQLite file, or PostgreSQL as postgres://user:password@host:port/database or Host=…;Database=… (default: $NEXO_DB, else $NEXO_HOME/nexo.db, else $XDG_DATA_HOME/nexo/nexo.db, else ~/.local/share/nexo/nexo.db)",
        HelpName = "PATH|URI",
        Recursive = true,
    };

    /// <summary><c>--json</c>: JSON on stdout.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write JSON on stdout (listings, records; chat: one event per line)",
        Recursive = true,
    };

    /// <summary><c>--no-color</c>: no ANSI colours (as NO_COLOR does).</summary>
    public Option<bool> NoColor { get; } = new("--no-color")
    {
        Description = "No colours (also when NO_COLOR is set or output is not a terminal)",
        Recursive = true,
    };
}

/// <summary>What a command's action needs: the parse result, the console, the SDK client (opened on first use) and helpers.</summary>
public sealed class CliContext : IAsyncDisposable
{
    /// <summary>The app setting holding the id of the workspace <c>nexo workspace use</c> selected.</summary>
    public const string CurrentWorkspaceSettingKey = "cli.currentWorkspace";

    /// <summary>The environment variable that names the workspace for one shell (overrides <c>workspace use</c>).</summary>
    public const string WorkspaceEnvironmentVariable = "NEXO_WORKSPACE";

    private readonly string? _db;
    private NexoStoreLocation? _location;
    private NexoClient? _client;
    private Conversation.CliElicitation? _elicitation;

    /// <summary>Creates a context.</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="runtime">The process-wide pieces.</param>
    public CliContext(ParseResult parse, CliRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(runtime);
        Parse = parse;
        Runtime = runtime;
        Console = runtime.Console;
        Json = parse.GetValue(runtime.Globals.Json);
        if (parse.GetValue(runtime.Globals.NoColor))
        {
            Console.DisableColour();
        }

        _db = parse.GetValue(runtime.Globals.Db);
    }

    /// <summary>The parse result.</summary>
    public ParseResult Parse { get; }

    /// <summary>The process-wide pieces (console, interrupts, global options).</summary>
    public CliRuntime Runtime { get; }

    /// <summary>The console.</summary>
    public CliConsole Console { get; }

    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json { get; }

    /// <summary>
    /// The store: <c>--db</c>, else <c>NEXO_DB</c>, else the default file under <c>NEXO_HOME</c> (read on first use, so a
    /// bad value is the command's usage error).
    /// </summary>
    /// <exception cref="UsageException">For an unsupported <c>scheme://</c> or an unreadable PostgreSQL URI (exit code 2).</exception>
    public NexoStoreLocation Location => _location ??= ResolveLocation(_db);

    /// <summary>The database for messages: the full path of the SQLite file, or <c>postgresql://host:port/database</c> (no password).</summary>
    public string DatabasePath => Location.Display;

    /// <summary>The store as a host process's <c>--db</c> takes it: the SQLite file's full path, or the PostgreSQL connection string.</summary>
    public string DbArgument => Location.ConnectionString ?? Location.DatabasePath!;

    private static NexoStoreLocation ResolveLocation(string? db)
    {
        try
        {
            return NexoStoreLocation.Resolve(db);
        }
        catch (NexoException ex) when (ex.Kind == NexoErrorKind.Validation)
        {
            throw new UsageException(string.IsNullOrWhiteSpace(db) ? $"{NexoStoreLocation.EnvironmentVariable}: {ex.Message}" : $"--db: {ex.Message}");
        }
    }

    /// <summary>Whether the client has been opened.</summary>
    public bool IsOpen => _client is not null;

    /// <summary>Reads an option's value.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="option">The option.</param>
    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    /// <summary>Reads an argument's value.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="argument">The argument.</param>
    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>Opens the database (creating and migrating it when needed) on first use.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<NexoClient> OpenAsync(CancellationToken cancellationToken)
    {
        if (_client is null)
        {
            _client = await NexoClient.OpenAsync(Runtime.NexoOptions(Location), cancellationToken).ConfigureAwait(false);

            // MCP servers may ask the user for input only when there is a terminal to ask at.
            _elicitation = Conversation.CliElicitation.Attach(_client, Console);
        }

        return _client;
    }

    /// <summary>
    /// Finds the workspace to work in: the named one, else <c>$NEXO_WORKSPACE</c>, else the one selected with
    /// <c>nexo workspace use</c>, else the <c>default</c> workspace (created on first use).
    /// </summary>
    /// <param name="idOrName">The workspace named on the command line, if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound when a named workspace does not exist.</exception>
    public async Task<Workspace> ResolveWorkspaceAsync(string? idOrName, CancellationToken cancellationToken)
    {
        var nexo = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(idOrName))
        {
            return await nexo.Workspaces.FindAsync(idOrName, cancellationToken).ConfigureAwait(false);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(WorkspaceEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return await nexo.Workspaces.FindAsync(fromEnvironment, cancellationToken).ConfigureAwait(false);
        }

        var current = await GetCurrentWorkspaceAsync(cancellationToken).ConfigureAwait(false);
        return current ?? await nexo.Workspaces.GetOrCreateDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The workspace selected with <c>nexo workspace use</c>, or <see langword="null"/> when none (or it was deleted).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<Workspace?> GetCurrentWorkspaceAsync(CancellationToken cancellationToken)
    {
        var nexo = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var id = await nexo.Settings.GetAsync(CurrentWorkspaceSettingKey, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(id) ? null : await nexo.Workspaces.FindByIdAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a message for people on stderr.</summary>
    /// <param name="message">The message.</param>
    public void Info(string message) => Console.Error.WriteLine(message);

    /// <summary>Writes a warning on stderr.</summary>
    /// <param name="message">The message.</param>
    public void Warn(string message) => Console.Error.WriteLine(Console.ErrorStyle.Yellow("warning:") + " " + message);

    /// <summary>Writes a value as JSON on stdout.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value.</param>
    public void WriteJson<T>(T value) => JsonOutput.Write(Console.Out, value);

    /// <summary>Writes a table on stdout (fitted to the terminal when stdout is one).</summary>
    /// <param name="table">The table.</param>
    /// <param name="emptyMessage">Written on stderr instead when the table has no rows.</param>
    public void WriteTable(TableWriter table, string emptyMessage)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.RowCount == 0)
        {
            Info(emptyMessage);
            return;
        }

        table.Write(Console.Out, Console.OutputStyle, Console.Width);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _elicitation?.Dispose();
        _elicitation = null;
        var client = _client;
        _client = null;
        return client?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
