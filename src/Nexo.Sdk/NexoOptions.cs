using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Nexo;

/// <summary>Options for opening a <see cref="NexoClient"/>.</summary>
public sealed class NexoOptions
{
    /// <summary>The environment variable that supplies the encryption key (32 bytes in base64) when <see cref="EncryptionKey"/> is not set.</summary>
    public const string EncryptionKeyEnvironmentVariable = "NEXO_ENCRYPTION_KEY";

    /// <summary>
    /// The SQLite database file; <see cref="NexoPaths.DefaultDatabasePath"/> when <see langword="null"/>. Ignored once
    /// another store was chosen (<c>UsePostgres</c> of the Nexo.Sdk.PostgreSql package); <see cref="UseSqlite"/> comes back to SQLite.
    /// </summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// A 256-bit (32-byte) key that encrypts secrets, supplied by the host (for example from an OS keychain or a secret
    /// store shared by several instances). When <see langword="null"/>, the environment variable
    /// <c>NEXO_ENCRYPTION_KEY</c> (<see cref="EncryptionKeyEnvironmentVariable"/>: the 32 bytes in base64) is used; when that
    /// is not set either, a SQLite store reads the key from (or creates it in) <see cref="KeyFilePath"/>, and a PostgreSQL
    /// store refuses to open: its key is never generated, since every instance must share it. A key of another length is a
    /// <see cref="NexoErrorKind.Security"/> error; an environment variable that is not 32 bytes in base64 is a
    /// <see cref="NexoErrorKind.Validation"/> error.
    /// </summary>
    public byte[]? EncryptionKey { get; set; }

    /// <summary>
    /// The folder for the files a store keeps outside the database (the <c>attachments</c> folder) when the store is not a
    /// SQLite file: <see cref="NexoPaths.DataDirectory"/> when <see langword="null"/>. Instances sharing one PostgreSQL
    /// database should share this folder too (a network volume), or attachments stored by one are missing on the others. A
    /// SQLite store always keeps its files beside the database file and ignores this.
    /// </summary>
    public string? DataFolder { get; set; }

    /// <summary>The key file; <c>nexo.key</c> beside the database when <see langword="null"/>. Created readable by its owner only.</summary>
    public string? KeyFilePath { get; set; }

    /// <summary>Logging; nothing is logged when <see langword="null"/>. Secrets and prompts are never logged above Debug.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Creates chat clients for LLM connections; Nexo's built-in providers when <see langword="null"/>.</summary>
    public ILlmClientFactory? LlmClientFactory { get; set; }

    /// <summary>
    /// How often a streaming answer's partial content is written to the database (default 250 ms). A long answer is
    /// written less often: the next write waits at least ten times as long as the last one took, so rewriting a growing
    /// answer never takes more than about a tenth of the turn.
    /// </summary>
    public TimeSpan StreamFlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a turn waits for an answer to a tool permission request before treating it as a deny (default 5 minutes).</summary>
    public TimeSpan ToolPermissionTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The MCP elicitation modes this application can answer (default <see cref="McpElicitationModes.None"/>): only then do
    /// MCP servers see the client capability <c>elicitation</c> and may ask the user for input, which arrives as a
    /// <see cref="McpElicitationRequestEvent"/> to answer with <see cref="McpHost.RespondToElicitationAsync"/>. Set it only
    /// when a face of the application shows those events to a person; it can be changed later with
    /// <see cref="McpHost.ElicitationModes"/>.
    /// </summary>
    public McpElicitationModes McpElicitation { get; set; }

    /// <summary>How long an MCP elicitation request waits for an answer before it is answered <c>cancel</c> (default 10 minutes).</summary>
    public TimeSpan McpElicitationTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Called when an OAuth-protected MCP server needs the user to authorize Nexo (beside the
    /// <see cref="McpAuthorizationRequiredEvent"/> on <see cref="NexoClient.Events"/>): an in-process host opens
    /// <see cref="McpAuthorizationRequiredEvent.Url"/> in a browser or shows it. Nexo's loopback listener receives the
    /// redirect meanwhile (the delegate is not awaited by it). An exception it throws is logged and ignored.
    /// </summary>
    public Func<McpAuthorizationRequiredEvent, CancellationToken, Task>? McpAuthorizationRequired { get; set; }

    /// <summary>How long Nexo waits for the user to complete an MCP server's OAuth authorization in the browser (default 5 minutes).</summary>
    public TimeSpan McpAuthorizationTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether a tool listing, tool call or turn that needs an MCP server's OAuth authorization waits for it (default
    /// <see langword="true"/>). When <see langword="false"/> (a host that cannot block, such as an ACP agent), it fails at
    /// once with an <see cref="NexoErrorKind.Mcp"/> error whose message holds the authorization URL, and the loopback
    /// listener keeps waiting in the background (up to <see cref="McpAuthorizationTimeout"/>): once the user opens the URL,
    /// the tokens are stored and the next attempt succeeds.
    /// </summary>
    public bool WaitForMcpAuthorization { get; set; } = true;

    /// <summary>
    /// The host's own tools, offered to the model in every workspace whose settings do not disable them by name
    /// (<see cref="WorkspaceSettings.DisabledTools"/>), beside the workspace's MCP tools. Give <see cref="AIFunction"/>s
    /// (for example from <see cref="AIFunctionFactory"/>): names of 1 to 64 letters, digits, <c>_</c> or <c>-</c>, unique
    /// ignoring case. They pass the same permission gate as MCP tools; mark one that needs no permission with
    /// <see cref="NexoToolProperties.WithoutPermission"/>. Inside a call, <see cref="ToolCallContext.Current"/> says which
    /// chat and call it runs for. Other <see cref="AITool"/>s (a provider's hosted tools) are passed to the provider as they are.
    /// </summary>
    public IList<AITool> Tools { get; } = [];

    /// <summary>
    /// Adds middleware to every model client Nexo creates, whatever the provider (built-in or
    /// <see cref="LlmClientFactory"/>): the provider's client is the inner client of a <see cref="ChatClientBuilder"/> that this
    /// configures, for example <c>o.ConfigureChatClient = b =&gt; b.UseOpenTelemetry().UseLogging();</c>. Tool calls of a turn
    /// are traced as <c>execute_tool</c> spans on the pipeline's OpenTelemetry source. Do not add
    /// <c>UseFunctionInvocation()</c>: Nexo runs tools itself, through its permission gate.
    /// </summary>
    public Action<ChatClientBuilder>? ConfigureChatClient { get; set; }

    /// <summary>The services middleware resolves from (for example an <see cref="ILoggerFactory"/>); set by <c>AddNexo</c>.</summary>
    internal IServiceProvider? Services { get; set; }

    /// <summary>The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// Opens the chosen store, when it is not the default SQLite file (set by <c>UsePostgres</c> of the Nexo.Sdk.PostgreSql
    /// package); <see langword="null"/> for SQLite.
    /// </summary>
    internal Func<Storage.INexoStore>? StoreFactory { get; set; }

    /// <summary>
    /// Chooses the default store, a SQLite database file (the default when nothing else was chosen), undoing an earlier
    /// choice of another store.
    /// </summary>
    /// <param name="path">The database file (created on first open); <see cref="NexoPaths.DefaultDatabasePath"/> when <see langword="null"/>.</param>
    /// <returns>These options.</returns>
    public NexoOptions UseSqlite(string? path = null)
    {
        DatabasePath = path;
        StoreFactory = null;
        return this;
    }
}
