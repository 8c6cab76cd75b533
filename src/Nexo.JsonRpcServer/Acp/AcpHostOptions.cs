using Microsoft.Extensions.Logging;

namespace Nexo.JsonRpcServer.Acp;

/// <summary>Options of <see cref="AcpAgentHost.RunAsync"/>.</summary>
public sealed class AcpHostOptions
{
    /// <summary>The Nexo store as <c>--db</c> takes it (a SQLite file, a <c>postgres://</c> URI or a PostgreSQL connection string, see <see cref="NexoStoreLocation"/>); <c>NEXO_DB</c>, else <see cref="NexoPaths.DefaultDatabasePath"/>, when <see langword="null"/>.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Where logs go; nothing is logged when <see langword="null"/>. Never write logs to the protocol stream.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Changes the <see cref="NexoOptions"/> before the database is opened (after <see cref="DatabasePath"/> and
    /// <see cref="LoggerFactory"/> are applied). Tests use it to plug in a scripted <see cref="ILlmClientFactory"/>.
    /// </summary>
    public Action<NexoOptions>? ConfigureNexo { get; set; }

    /// <summary>
    /// An already open client to serve instead of opening one; the host does not dispose it. When set,
    /// <see cref="DatabasePath"/> and <see cref="ConfigureNexo"/> are ignored.
    /// </summary>
    public NexoClient? Client { get; set; }

    /// <summary>
    /// How long one write may wait for a client that does not read (default two minutes, as the JSON-RPC host). Past
    /// it the client is disconnected: nothing more is sent, running turns go on and are stored, and
    /// <see cref="AcpAgentHost.RunAsync"/> returns <see cref="AcpAgentHost.ClientStalledExitCode"/> once they have ended.
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits forever.
    /// </summary>
    public TimeSpan ClientStallTimeout { get; set; } = Hosting.NexoJsonRpcHostOptions.DefaultClientStallTimeout;

    /// <summary>
    /// Whether a session's folder workspace that offers no built-in tool gets all of them (<see cref="BuiltinToolNames.All"/>,
    /// stored in its settings) when a session opens in it; a workspace with a chosen list keeps it. On by default (an
    /// editor agent is expected to read and edit the project); <c>--no-builtin-tools</c> turns it off.
    /// </summary>
    public bool BuiltinTools { get; set; } = true;

    /// <summary>The environment read by the <c>nexo-env</c> authentication method; the process environment when <see langword="null"/>.</summary>
    public Func<string, string?>? Environment { get; set; }
}
