using Nexo.Security;

namespace Nexo.Storage;

/// <summary>
/// The store a <see cref="NexoClient"/> runs on: the schema and its migrations, every repository, turn claims with
/// cancel requests, and (through <see cref="IMessageRepository.MarkInterruptedAsync"/>) the liveness of the writers of
/// unfinished messages. SQLite (<see cref="SqliteStore"/>, the default) and PostgreSQL (the Nexo.Sdk.PostgreSql
/// package) implement it; <see cref="NexoOptions"/> chooses one. The SDK's public API is the same on both.
/// </summary>
internal interface INexoStore
{
    /// <summary>What the store is, for messages and logs: a file path, or a PostgreSQL host and database (never a password).</summary>
    string Location { get; }

    /// <summary>The schema version this build writes.</summary>
    int LatestVersion { get; }

    /// <summary>
    /// Creates the schema or applies every pending migration, each in its own transaction, and returns the schema version.
    /// A store written by a newer Nexo is refused untouched (<see cref="NexoErrorKind.Database"/>).
    /// </summary>
    int Migrate();

    /// <summary>Workspaces and their settings.</summary>
    IWorkspaceRepository Workspaces { get; }

    /// <summary>Chats.</summary>
    IChatRepository Chats { get; }

    /// <summary>Messages and their full-text search.</summary>
    IMessageRepository Messages { get; }

    /// <summary>Prompt templates.</summary>
    IPromptRepository Prompts { get; }

    /// <summary>Application settings.</summary>
    IAppSettingRepository AppSettings { get; }

    /// <summary>Usage records and model prices.</summary>
    IUsageRepository Usage { get; }

    /// <summary>LLM connections, their secrets encrypted with <paramref name="protector"/>.</summary>
    /// <param name="protector">The store's key.</param>
    ILlmConnectionRepository LlmConnections(SecretProtector protector);

    /// <summary>MCP server connections, their secrets encrypted with <paramref name="protector"/>.</summary>
    /// <param name="protector">The store's key.</param>
    IMcpServerRepository McpServers(SecretProtector protector);

    /// <summary>MCP servers' OAuth tokens, encrypted with <paramref name="protector"/>.</summary>
    /// <param name="protector">The store's key.</param>
    IMcpOAuthTokenRepository McpOAuthTokens(SecretProtector protector);

    /// <summary>Writes whole chats (forks, imports) in one transaction: every chat and every message, or nothing.</summary>
    IChatImportWriter ChatImports { get; }

    /// <summary>A new open connection to the store's database (store copies read and write tables through it directly).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<System.Data.Common.DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>The stored key check (<see cref="KeyCheck"/>), or <see langword="null"/> when the store has none yet.</summary>
    string? ReadKeyCheck();

    /// <summary>Writes the key check unless one is there already; returns the check that is stored afterwards.</summary>
    /// <param name="value">The key check of the key in use.</param>
    string WriteKeyCheckIfMissing(string value);

    /// <summary>Every stored ciphertext with the purpose it was encrypted for; empty when the store holds no secret.</summary>
    IReadOnlyList<(string Stored, string Purpose)> FindCiphertexts();

    /// <summary>The ids of the messages of a chat (read before it is deleted, to remove their attachments).</summary>
    /// <param name="chatId">The chat.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<string>> MessageIdsOfChatAsync(string chatId, CancellationToken cancellationToken);

    /// <summary>The ids of the messages of every chat of a workspace (read before they are deleted).</summary>
    /// <param name="workspaceId">The workspace.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<string>> MessageIdsOfWorkspaceAsync(string workspaceId, CancellationToken cancellationToken);

    /// <summary>The turn claims of one chat engine: one turn per chat across engines and processes, and cancel requests between them.</summary>
    /// <param name="time">The clock.</param>
    ITurnClaims CreateTurnClaims(TimeProvider time);

    /// <summary>
    /// Carries events between the instances that share this store, or <see langword="null"/> when each process only
    /// sees its own (SQLite). The client attaches its <see cref="NexoEventStream"/> with <see cref="IEventRelay.Attach"/>.
    /// </summary>
    IEventRelay? EventRelay { get; }
}
