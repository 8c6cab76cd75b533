using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nexo.Chats;
using Nexo.Security;
using Nexo.Storage;

namespace Nexo;

/// <summary>
/// The entry point of the Nexo SDK: one open database with every service over it.
/// <code>
/// await using var nexo = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = "chats.db" });
/// var workspace = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "demo" });
/// </code>
/// </summary>
public sealed class NexoClient : IAsyncDisposable, IDisposable
{
    private readonly bool _ownsLlmClientFactory;
    private int _disposed;

    // A shared store's relay of events between instances (PostgreSQL); none on SQLite.
    private readonly IDisposable? _eventRelay;

    private NexoClient(NexoOptions options, INexoStore store, SecretProtector protector, string? keyFilePath)
    {
        var database = (store as SqliteStore)?.Database;
        Options = options;
        DatabasePath = database?.Path ?? store.Location;
        DataFolder = database is null
            ? Path.GetFullPath(options.DataFolder ?? NexoPaths.DataDirectory)
            : Path.GetDirectoryName(database.Path)!;
        Database = database;
        Store = store;
        Protector = protector;
        Attachments = new AttachmentStore(Path.Combine(DataFolder, AttachmentStore.FolderName), store);
        var time = options.TimeProvider ?? TimeProvider.System;
        LoggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;

        WorkspaceRepository = store.Workspaces;
        ChatRepository = store.Chats;
        MessageRepository = store.Messages;
        LlmConnectionRepository = store.LlmConnections(protector);
        McpServerRepository = store.McpServers(protector);
        McpOAuthTokenRepository = store.McpOAuthTokens(protector);
        PromptRepository = store.Prompts;
        AppSettingRepository = store.AppSettings;
        UsageRepository = store.Usage;

        Workspaces = new WorkspaceService(WorkspaceRepository, LlmConnectionRepository, time);
        _ownsLlmClientFactory = options.LlmClientFactory is null;
        LlmClientFactory = options.LlmClientFactory
            ?? new LlmClientFactory(new LlmClientFactoryOptions { TimeProvider = time, LoggerFactory = LoggerFactory });
        Engine = new ChatEngine(new EngineDependencies
        {
            Chats = ChatRepository,
            Messages = MessageRepository,
            Workspaces = WorkspaceRepository,
            Connections = LlmConnectionRepository,
            Usage = UsageRepository,
            AppSettings = AppSettingRepository,
            ClientFactory = () => LlmClientFactory,
            Events = Events,
            Time = time,
            Logger = LoggerFactory.CreateLogger("Nexo.Chats"),
            AttachmentsFolder = Attachments.Folder,
            Store = database is null
                ? Nexo.BuiltinTools.StoreFiles.OfFolder(Attachments.Folder)
                : Nexo.BuiltinTools.StoreFiles.Of(database.Path, keyFilePath, Attachments.Folder),
            Claims = store.CreateTurnClaims(time),
            FlushInterval = options.StreamFlushInterval,
            PermissionTimeout = options.ToolPermissionTimeout,
            HostTools = options.Tools,
            ConfigureChatClient = options.ConfigureChatClient,
            Services = options.Services,
            LoggerFactory = LoggerFactory,
        });
        _eventRelay = store.EventRelay?.Attach(Events);
        Chats = new ChatService(ChatRepository, WorkspaceRepository, MessageRepository, time, Engine);
        Messages = new MessageService(MessageRepository, ChatRepository, time);
        Connections = new LlmConnectionService(LlmConnectionRepository, AppSettingRepository, LlmClientFactory, time);
        McpServers = new McpServerService(McpServerRepository, time);
        Prompts = new PromptService(PromptRepository, time);
        Settings = new AppSettingService(AppSettingRepository);
        Usage = new UsageService(UsageRepository, time);
        Mcp = new McpHost(McpServers, McpServerRepository, Workspaces, Events, LoggerFactory, new McpOAuthHostOptions
        {
            Tokens = McpOAuthTokenRepository,
            Time = time,
            Notify = options.McpAuthorizationRequired,
            Timeout = options.McpAuthorizationTimeout,
            Wait = options.WaitForMcpAuthorization,
        });
        SlashCommands = new SlashCommandService(Chats, Workspaces, Prompts, Mcp, Engine);
        McpServers.LocalStatus = Mcp.LocalStatus;
        Mcp.ElicitationModes = options.McpElicitation;
        Mcp.ElicitationTimeout = options.McpElicitationTimeout;
        Engine.McpTools = Mcp.GetWorkspaceToolsAsync;
        Engine.Mcp = Mcp;
        McpServers.Deleting = (id, ct) => Mcp.DisconnectAsync(id, ct);
        Workspaces.FoldersChanged = Mcp.CloseUnusedFoldersAsync;
        Workspaces.Attachments = Attachments;
        Chats.Attachments = Attachments;
        Chats.Transfer = new Nexo.Transfer.ChatTransfer(WorkspaceRepository, MessageRepository, store.ChatImports, Attachments, time);
    }

    /// <summary>
    /// The full path of the open SQLite database file; on another store (PostgreSQL), where the store is, for messages and
    /// logs: <c>postgresql://host:port/database</c>, never a user name or password.
    /// </summary>
    public string DatabasePath { get; }

    /// <summary>
    /// The folder of the files kept outside the database (the <c>attachments</c> folder): the folder of the SQLite database
    /// file, or <see cref="NexoOptions.DataFolder"/> (default <see cref="NexoPaths.DataDirectory"/>) on PostgreSQL.
    /// </summary>
    public string DataFolder { get; }

    /// <summary>Whether the store is a SQLite database file (<see langword="false"/> on PostgreSQL, where backups and <see cref="RekeyAsync"/> do not apply).</summary>
    public bool IsSqlite => Database is not null;

    /// <summary>The schema version of the open store (each store numbers its own migrations).</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>The process-wide event stream: every turn's events, chat updates, MCP status changes.</summary>
    public NexoEventStream Events { get; } = new();

    /// <summary>
    /// Creates chat clients for LLM connections and lists their models: <see cref="NexoOptions.LlmClientFactory"/>, or
    /// Nexo's built-in <see cref="Nexo.LlmClientFactory"/> when none was given.
    /// </summary>
    public ILlmClientFactory LlmClientFactory { get; }

    /// <summary>Workspaces and their settings.</summary>
    public WorkspaceService Workspaces { get; }

    /// <summary>Chats.</summary>
    public ChatService Chats { get; }

    /// <summary>Messages: reading, storing, editing, searching.</summary>
    public MessageService Messages { get; }

    /// <summary>LLM connections.</summary>
    public LlmConnectionService Connections { get; }

    /// <summary>MCP server connections.</summary>
    public McpServerService McpServers { get; }

    /// <summary>The MCP host: live server connections, their status and tools, tool calls, config import.</summary>
    public McpHost Mcp { get; }

    /// <summary>Prompt templates.</summary>
    public PromptService Prompts { get; }

    /// <summary>Slash commands: the prompt templates and the MCP prompts of a workspace, run as the user's turn.</summary>
    public SlashCommandService SlashCommands { get; }

    /// <summary>Application-wide key/value settings.</summary>
    public AppSettingService Settings { get; }

    /// <summary>Usage records of LLM calls.</summary>
    public UsageService Usage { get; }

    /// <summary>The workspace repository.</summary>
    internal IWorkspaceRepository WorkspaceRepository { get; }

    /// <summary>The chat repository.</summary>
    internal IChatRepository ChatRepository { get; }

    /// <summary>The message repository.</summary>
    internal IMessageRepository MessageRepository { get; }

    /// <summary>The LLM connection repository.</summary>
    internal ILlmConnectionRepository LlmConnectionRepository { get; }

    /// <summary>The MCP server repository.</summary>
    internal IMcpServerRepository McpServerRepository { get; }

    /// <summary>The encrypted OAuth tokens of MCP servers.</summary>
    internal IMcpOAuthTokenRepository McpOAuthTokenRepository { get; }

    /// <summary>The prompt repository.</summary>
    internal IPromptRepository PromptRepository { get; }

    /// <summary>The app setting repository.</summary>
    internal IAppSettingRepository AppSettingRepository { get; }

    /// <summary>The usage repository.</summary>
    internal IUsageRepository UsageRepository { get; }

    internal NexoOptions Options { get; }

    internal ChatEngine Engine { get; }

    /// <summary>The SQLite database; <see langword="null"/> on another store.</summary>
    internal NexoDatabase? Database { get; }

    /// <summary>The store every repository comes from.</summary>
    internal INexoStore Store { get; }

    /// <summary>The attachments folder in <see cref="DataFolder"/>.</summary>
    internal AttachmentStore Attachments { get; }

    /// <summary>The key of the store's secrets.</summary>
    internal SecretProtector Protector { get; }

    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>Opens (creating and migrating when needed) the database and returns a client over it.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">Database when the store cannot be opened or was written by a newer Nexo; Security when the key is unusable, does not match the store's secrets, or is missing for PostgreSQL; Validation for a bad <see cref="NexoOptions.McpAuthorizationTimeout"/> or a <c>NEXO_ENCRYPTION_KEY</c> that is not 32 bytes in base64.</exception>
    public static Task<NexoClient> OpenAsync(NexoOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // SQLite work is synchronous; run it off the caller's thread.
        return Task.Run(() => Open(options), cancellationToken);
    }

    /// <summary>Opens the database synchronously (for DI factories); see <see cref="OpenAsync"/>.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    public static NexoClient Open(NexoOptions? options = null)
    {
        options ??= new NexoOptions();
        if (options.McpAuthorizationTimeout <= TimeSpan.Zero || options.McpAuthorizationTimeout > TimeSpan.FromDays(1))
        {
            throw NexoException.Validation("mcpAuthorizationTimeout", $"NexoOptions.McpAuthorizationTimeout must be more than zero and at most a day, not {options.McpAuthorizationTimeout}.");
        }

        var suppliedKey = SuppliedKey(options);
        INexoStore store;
        if (options.StoreFactory is { } factory)
        {
            // A shared store's key is never generated on one machine: every instance must use the same one.
            if (suppliedKey is null)
            {
                throw new NexoException(
                    NexoErrorKind.Security,
                    $"A PostgreSQL store needs the encryption key that every instance shares: set NexoOptions.EncryptionKey or the environment variable {NexoOptions.EncryptionKeyEnvironmentVariable} (32 bytes in base64, for example from 'openssl rand -base64 32'). No key is generated for a shared store, so the database was not opened.");
            }

            store = factory();
        }
        else
        {
            store = new SqliteStore(new NexoDatabase(Path.GetFullPath(options.DatabasePath ?? NexoPaths.DefaultDatabasePath)));
        }

        try
        {
            var version = store.Migrate();
            var keyPath = store is SqliteStore sqlite && suppliedKey is null ? KeyFilePathOf(options, sqlite.Database.Path) : null;
            var protector = OpenKey(suppliedKey, keyPath, store);
            var client = new NexoClient(options, store, protector, keyPath) { SchemaVersion = version };

            // Answers left unfinished by a process that died are marked interrupted (their partial content stays).
            client.MessageRepository.MarkInterruptedAsync(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10)).GetAwaiter().GetResult();
            client.LoggerFactory.CreateLogger<NexoClient>().LogDebug("Opened Nexo database {Path} (schema {Version})", client.DatabasePath, version);
            return client;
        }
        catch
        {
            (store as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts the store over with a new encryption key, keeping everything but the secrets: chats, messages,
    /// workspaces, prompts, settings, LLM connections and MCP servers stay; API keys and headers of connections and
    /// the environment and header values of MCP servers are cleared (connections then report
    /// <see cref="LlmConnection.HasApiKey"/> <see langword="false"/>; enter the secrets again). This is the way out when
    /// <see cref="OpenAsync"/> refuses because the key file is lost, damaged or does not match the database.
    /// </summary>
    /// <remarks>
    /// With a key file, a new random key is written to it; an existing key file is not deleted but moved aside
    /// (<see cref="RekeyResult.ReplacedKeyFilePath"/>). With <see cref="NexoOptions.EncryptionKey"/>, that key becomes
    /// the store's key and no file is written. Run it while no other process uses the database.
    /// </remarks>
    /// <param name="options">The options naming the database and its key (file); defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation before it starts.</param>
    /// <returns>Where the new key is and how many rows lost their secrets.</returns>
    /// <exception cref="NexoException">Validation on a PostgreSQL store (its key is the one every instance is given) or for a <c>NEXO_ENCRYPTION_KEY</c> that is not 32 bytes in base64; Database when the file cannot be opened; Security when the key file cannot be replaced or the supplied key is unusable.</exception>
    public static Task<RekeyResult> RekeyAsync(NexoOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.Run(
            () =>
            {
                options ??= new NexoOptions();
                if (options.StoreFactory is not null)
                {
                    throw NexoException.Validation(
                        "database",
                        "Rekeying applies to a SQLite database and its key file only. A PostgreSQL store's key is the one every instance is given (NexoOptions.EncryptionKey or NEXO_ENCRYPTION_KEY); it is never replaced here.");
                }

                var path = Path.GetFullPath(options.DatabasePath ?? NexoPaths.DefaultDatabasePath);
                var database = new NexoDatabase(path);
                database.Migrate();
                string? keyPath = null;
                string? replaced = null;
                byte[] key;
                if (SuppliedKey(options) is { } supplied)
                {
                    key = supplied;
                }
                else
                {
                    keyPath = KeyFilePathOf(options, path);
                    key = RandomNumberGenerator.GetBytes(32);

                    // The key file first: should the process stop between the two steps, the database still refuses the
                    // new key (its key check is the old one) and running the command again finishes the job.
                    replaced = KeyFile.Replace(keyPath, key);
                }

                var (connections, servers) = new SecretStore(database).ClearSecrets(KeyCheck.Compute(key));
                return new RekeyResult
                {
                    DatabasePath = path,
                    KeyFilePath = keyPath,
                    ReplacedKeyFilePath = replaced,
                    ClearedConnections = connections,
                    ClearedMcpServers = servers,
                };
            },
            cancellationToken);
    }

    /// <summary>
    /// Writes a consistent copy of the database to <paramref name="destinationPath"/> while it stays in use, and copies
    /// the key file that encrypts its secrets (<c>nexo.key</c>) and the <c>attachments</c> folder beside it, so the copy
    /// opens on its own. When the host supplies <see cref="NexoOptions.EncryptionKey"/> there is no key file and only the
    /// database and attachments are copied. The copy is written to a temp file in the destination folder and renamed
    /// into place, is owner-only (0600, folders 0700 on Unix), and has no turn claims: no turn counts as running in it.
    /// </summary>
    /// <param name="destinationPath">The file to create.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <param name="cancellationToken">Cancels the operation before it starts.</param>
    /// <returns>The full path of the copy.</returns>
    /// <exception cref="NexoException">Validation when the store is not a SQLite file (PostgreSQL), or when the destination exists (and <paramref name="overwrite"/> is not set), is the database itself, or its folder holds a different <c>nexo.key</c>; Database when the copy fails.</exception>
    public Task<string> BackupAsync(string destinationPath, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        if (Database is not { } database)
        {
            throw NexoException.Validation(
                "database",
                $"Backups copy a SQLite database file; the store {DatabasePath} is PostgreSQL. Back it up with PostgreSQL's own tools (pg_dump), and the attachments folder {Attachments.Folder} beside it.");
        }

        if (string.IsNullOrWhiteSpace(destinationPath))
        {
            throw NexoException.Validation("destination", "The backup destination must not be empty.");
        }

        var destination = Path.GetFullPath(destinationPath);
        if (string.Equals(destination, DatabasePath, StringComparison.Ordinal))
        {
            throw NexoException.Validation("destination", "The backup destination is the database itself.");
        }

        if (Directory.Exists(destination))
        {
            throw NexoException.Validation("destination", $"'{destination}' is a folder; give a file name for the backup.");
        }

        var keySource = SuppliedKey(Options) is null ? KeyFilePathOf(Options, DatabasePath) : null;
        var keyTarget = Path.Combine(Path.GetDirectoryName(destination)!, KeyFile.FileName);
        if (keySource is not null && File.Exists(keySource) && !KeyFile.CanCopy(keySource, keyTarget))
        {
            throw NexoException.Validation("destination", $"The folder of '{destination}' already holds a different {KeyFile.FileName}; the copy's secrets could not be read there. Choose another folder.");
        }

        if (File.Exists(destination) && !overwrite)
        {
            throw NexoException.Validation("destination", $"'{destination}' already exists; choose another name or allow overwriting.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Task.Run(
            () =>
            {
                var folder = Path.GetDirectoryName(destination)!;
                OwnerOnly.CreateDirectory(folder);

                // Attachments and the key first, the database last: a copy that exists under its name is complete.
                Attachments.CopyTo(Path.Combine(folder, AttachmentStore.FolderName));
                if (keySource is not null && File.Exists(keySource))
                {
                    KeyFile.Copy(keySource, keyTarget);
                }

                // Written to an owner-only temp file in the same folder and renamed into place, so the destination
                // never holds a half-written copy.
                var temp = Path.Combine(folder, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.tmp");
                try
                {
                    OwnerOnly.TryCreateEmptyFile(temp);
                    database.Backup(temp);
                    File.Move(temp, destination, overwrite);
                }
                finally
                {
                    foreach (var leftover in new[] { temp, temp + "-wal", temp + "-shm", temp + "-journal" })
                    {
                        File.Delete(leftover);
                    }
                }

                return destination;
            },
            cancellationToken);
    }

    private static string KeyFilePathOf(NexoOptions options, string databasePath) =>
        Path.GetFullPath(options.KeyFilePath ?? Path.Combine(Path.GetDirectoryName(databasePath)!, KeyFile.FileName));

    /// <summary>
    /// The key the host supplies: <see cref="NexoOptions.EncryptionKey"/>, else <c>NEXO_ENCRYPTION_KEY</c> (base64), else
    /// <see langword="null"/> (a SQLite store then uses its key file).
    /// </summary>
    private static byte[]? SuppliedKey(NexoOptions options)
    {
        if (options.EncryptionKey is { } key)
        {
            // An unusable host key is a Security error, as it always was (SecretProtector's own check).
            return key.Length == 32
                ? key
                : throw new NexoException(NexoErrorKind.Security, $"The encryption key (NexoOptions.EncryptionKey) must be 32 bytes (256 bits); got {key.Length}.");
        }

        var text = Environment.GetEnvironmentVariable(NexoOptions.EncryptionKeyEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text.Trim(), buffer, out var length))
        {
            throw NexoException.Validation("encryptionKey", $"The environment variable {NexoOptions.EncryptionKeyEnvironmentVariable} is not valid base64; it must hold 32 bytes in base64 (for example from 'openssl rand -base64 32').");
        }

        return length == 32
            ? buffer[..32]
            : throw NexoException.Validation("encryptionKey", $"The environment variable {NexoOptions.EncryptionKeyEnvironmentVariable} must hold 32 bytes (256 bits) in base64; it holds {length}.");
    }

    /// <summary>
    /// Loads the key and makes sure it is the store's: never makes a new key when the store already holds secrets or a
    /// key check, and refuses a key that does not verify. A store without a key check (made by an older Nexo) gets one
    /// when the key decrypts its secrets or when it has none.
    /// </summary>
    /// <param name="supplied">The host's key, or <see langword="null"/> to use <paramref name="keyPath"/>.</param>
    /// <param name="keyPath">The SQLite key file (when no key is supplied).</param>
    /// <param name="store">The migrated store.</param>
    private static SecretProtector OpenKey(byte[]? supplied, string? keyPath, INexoStore store)
    {
        var check = store.ReadKeyCheck();
        byte[] key;
        if (supplied is not null)
        {
            key = supplied;
        }
        else
        {
            if (keyPath is null)
            {
                throw new InvalidOperationException("A store without a key file needs a supplied key.");
            }

            if (!File.Exists(keyPath) && (check is not null || store.FindCiphertexts().Count > 0))
            {
                throw new NexoException(
                    NexoErrorKind.Security,
                    $"The key file '{keyPath}' is missing, but the database '{store.Location}' holds secrets encrypted with it; a new key would leave them unreadable, so the database was not opened. {KeyFile.RecoveryHint}");
            }

            key = KeyFile.LoadOrCreate(keyPath);
        }

        var protector = new SecretProtector(key);
        if (check is null)
        {
            var stored = store.FindCiphertexts();
            if (stored.Count > 0 && !stored.Any(s => protector.CanUnprotect(s.Stored, s.Purpose)))
            {
                throw Mismatch(keyPath, store);
            }

            check = store.WriteKeyCheckIfMissing(KeyCheck.Compute(key));
        }

        if (!KeyCheck.Matches(key, check))
        {
            throw Mismatch(keyPath, store);
        }

        return protector;
    }

    private static NexoException Mismatch(string? keyPath, INexoStore store) => new(
        NexoErrorKind.Security,
        keyPath is not null
            ? $"The key file '{keyPath}' does not match the database '{store.Location}': its secrets were encrypted with another key. {KeyFile.RecoveryHint}"
            : store is SqliteStore
                ? $"The supplied encryption key (NexoOptions.EncryptionKey or {NexoOptions.EncryptionKeyEnvironmentVariable}) does not match the database '{store.Location}': its secrets were encrypted with another key. Supply the original key, or start over without the stored secrets with NexoClient.RekeyAsync (CLI: 'nexo db rekey --forget-secrets')."
                : $"The supplied encryption key (NexoOptions.EncryptionKey or {NexoOptions.EncryptionKeyEnvironmentVariable}) does not match the database {store.Location}: its secrets were encrypted with another key. Give every instance the key the database was first opened with; the database was not changed.");

    /// <summary>
    /// Copies everything this client's store holds into <paramref name="target"/>'s store, which must hold no data yet:
    /// SQLite to PostgreSQL, PostgreSQL to SQLite, or between two of a kind (CLI: <c>nexo db copy</c>). Every table is
    /// copied in one transaction of the target; secrets are decrypted with this client's key and encrypted again with
    /// the target's. Before the target commits, each table is verified: the same number of rows and the same checksum of
    /// the rows' values (secrets decrypted) on both sides; otherwise nothing is written. Attachment files are then
    /// copied into the target's <see cref="DataFolder"/> when it is another folder. Not copied: turn claims, leases and
    /// other state of running hosts, and each store's key check.
    /// </summary>
    /// <param name="target">A client over the empty target store (opened with the target's key).</param>
    /// <param name="progress">Told about each table once it is copied and verified.</param>
    /// <param name="cancellationToken">Cancels the copy (nothing is written).</param>
    /// <returns>Each table with its rows and checksum.</returns>
    /// <exception cref="NexoException">
    /// Validation when both clients are over the same store or the target's schema lacks a column; Conflict when the
    /// target holds data; Security when a secret cannot be decrypted with this client's key; Database when a table's
    /// copy does not match its source.
    /// </exception>
    public async Task<IReadOnlyList<StoreCopyTable>> CopyStoreToAsync(NexoClient target, IProgress<StoreCopyTable>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var tables = await StoreCopier.CopyAsync(new StoreCopier.Side(Store, Protector), new StoreCopier.Side(target.Store, target.Protector), progress, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(Path.GetFullPath(Attachments.Folder), Path.GetFullPath(target.Attachments.Folder), StringComparison.Ordinal) && Directory.Exists(Attachments.Folder))
        {
            foreach (var file in Directory.EnumerateFiles(Attachments.Folder, "*", SearchOption.AllDirectories))
            {
                var to = Path.Combine(target.Attachments.Folder, Path.GetRelativePath(Attachments.Folder, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to, overwrite: false);
            }
        }

        return tables;
    }

    /// <summary>
    /// Closes the client: cancels running turns (their partial answers are stored), waits briefly for background
    /// work such as title generation, disconnects every MCP server (killing stdio server processes) and releases
    /// the provider clients.
    /// </summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Engine.DisposeAsync().ConfigureAwait(false);
        _eventRelay?.Dispose();
        await Mcp.DisposeAsync().ConfigureAwait(false);
        if (_ownsLlmClientFactory && LlmClientFactory is IDisposable factory)
        {
            factory.Dispose();
        }

        // A PostgreSQL store closes its connection pool.
        (Store as IDisposable)?.Dispose();
    }

    /// <summary>Closes the client synchronously; prefer <see cref="DisposeAsync"/>, which does not block a thread while MCP servers stop.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
