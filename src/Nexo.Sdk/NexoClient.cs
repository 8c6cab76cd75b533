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

    private NexoClient(NexoOptions options, SqliteStore store, SecretProtector protector)
    {
        var database = store.Database;
        Options = options;
        DatabasePath = database.Path;
        Database = database;
        Store = store;
        Attachments = new AttachmentStore(database);
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
            Store = Nexo.BuiltinTools.StoreFiles.Of(database.Path, KeyFilePathOf(options, database.Path), Attachments.Folder),
            Claims = store.CreateTurnClaims(time),
            FlushInterval = options.StreamFlushInterval,
            PermissionTimeout = options.ToolPermissionTimeout,
            HostTools = options.Tools,
            ConfigureChatClient = options.ConfigureChatClient,
            Services = options.Services,
            LoggerFactory = LoggerFactory,
        });
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
        Chats.Transfer = new Nexo.Transfer.ChatTransfer(WorkspaceRepository, MessageRepository, new ChatImportWriter(database), Attachments, time);
    }

    /// <summary>The full path of the open database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The schema version of the open database.</summary>
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

    internal NexoDatabase Database { get; }

    /// <summary>The store every repository comes from.</summary>
    internal INexoStore Store { get; }

    /// <summary>The attachments folder beside the database.</summary>
    internal AttachmentStore Attachments { get; }

    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>Opens (creating and migrating when needed) the database and returns a client over it.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">Database when the file cannot be opened or was written by a newer Nexo; Security when the key is unusable; Validation for a bad <see cref="NexoOptions.McpAuthorizationTimeout"/>.</exception>
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

        var path = Path.GetFullPath(options.DatabasePath ?? NexoPaths.DefaultDatabasePath);
        var store = new SqliteStore(new NexoDatabase(path));
        var version = store.Migrate();
        var protector = OpenKey(options, store.Database);
        var client = new NexoClient(options, store, protector) { SchemaVersion = version };

        // Answers left unfinished by a process that died are marked interrupted (their partial content stays).
        client.MessageRepository.MarkInterruptedAsync(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10)).GetAwaiter().GetResult();
        client.LoggerFactory.CreateLogger<NexoClient>().LogDebug("Opened Nexo database {Path} (schema {Version})", path, version);
        return client;
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
    /// <exception cref="NexoException">Database when the file cannot be opened; Security when the key file cannot be replaced or the supplied key is unusable.</exception>
    public static Task<RekeyResult> RekeyAsync(NexoOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.Run(
            () =>
            {
                options ??= new NexoOptions();
                var path = Path.GetFullPath(options.DatabasePath ?? NexoPaths.DefaultDatabasePath);
                var database = new NexoDatabase(path);
                database.Migrate();
                string? keyPath = null;
                string? replaced = null;
                byte[] key;
                if (options.EncryptionKey is { } supplied)
                {
                    _ = new SecretProtector(supplied);
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
    /// <exception cref="NexoException">Validation when the destination exists (and <paramref name="overwrite"/> is not set), is the database itself, or its folder holds a different <c>nexo.key</c>; Database when the copy fails.</exception>
    public Task<string> BackupAsync(string destinationPath, bool overwrite = false, CancellationToken cancellationToken = default)
    {
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

        var keySource = Options.EncryptionKey is null ? KeyFilePathOf(Options, DatabasePath) : null;
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
                    Database.Backup(temp);
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
    /// Loads the key and makes sure it is the store's: never makes a new key when the store already holds secrets or a
    /// key check, and refuses a key that does not verify. A store without a key check (made by an older Nexo) gets one
    /// when the key decrypts its secrets or when it has none.
    /// </summary>
    private static SecretProtector OpenKey(NexoOptions options, NexoDatabase database)
    {
        var store = new SecretStore(database);
        var check = store.ReadKeyCheck();
        string? keyPath = null;
        byte[] key;
        if (options.EncryptionKey is { } supplied)
        {
            key = supplied;
        }
        else
        {
            keyPath = KeyFilePathOf(options, database.Path);
            if (!File.Exists(keyPath) && (check is not null || store.FindCiphertexts().Count > 0))
            {
                throw new NexoException(
                    NexoErrorKind.Security,
                    $"The key file '{keyPath}' is missing, but the database '{database.Path}' holds secrets encrypted with it; a new key would leave them unreadable, so the database was not opened. {KeyFile.RecoveryHint}");
            }

            key = KeyFile.LoadOrCreate(keyPath);
        }

        var protector = new SecretProtector(key);
        if (check is null)
        {
            var stored = store.FindCiphertexts();
            if (stored.Count > 0 && !stored.Any(s => protector.CanUnprotect(s.Stored, s.Purpose)))
            {
                throw Mismatch(keyPath, database.Path);
            }

            check = store.WriteKeyCheckIfMissing(KeyCheck.Compute(key));
        }

        if (!KeyCheck.Matches(key, check))
        {
            throw Mismatch(keyPath, database.Path);
        }

        return protector;
    }

    private static NexoException Mismatch(string? keyPath, string databasePath) => new(
        NexoErrorKind.Security,
        keyPath is null
            ? $"The supplied encryption key (NexoOptions.EncryptionKey) does not match the database '{databasePath}': its secrets were encrypted with another key. Supply the original key, or start over without the stored secrets with NexoClient.RekeyAsync (CLI: 'nexo db rekey --forget-secrets')."
            : $"The key file '{keyPath}' does not match the database '{databasePath}': its secrets were encrypted with another key. {KeyFile.RecoveryHint}");

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
        await Mcp.DisposeAsync().ConfigureAwait(false);
        if (_ownsLlmClientFactory && LlmClientFactory is IDisposable factory)
        {
            factory.Dispose();
        }
    }

    /// <summary>Closes the client synchronously; prefer <see cref="DisposeAsync"/>, which does not block a thread while MCP servers stop.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
