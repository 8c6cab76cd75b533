using Microsoft.Extensions.Logging;

namespace Nexo.JsonRpcServer.Hosting;

/// <summary>Options of <see cref="NexoJsonRpcHost.RunAsync"/>.</summary>
public sealed class NexoJsonRpcHostOptions
{
    /// <summary>The default limit of one message: 16 MiB.</summary>
    public const int DefaultMaxMessageBytes = 16 * 1024 * 1024;

    /// <summary>The store as <c>--db</c> takes it (a SQLite file, a <c>postgres://</c> URI or a PostgreSQL connection string, see <see cref="NexoStoreLocation"/>); when <see langword="null"/>, the store of <see cref="SdkOptions"/>, else <c>NEXO_DB</c>, else <see cref="NexoPaths.DefaultDatabasePath"/>.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>How messages are delimited (default <see cref="MessageFraming.Header"/>, as LSP).</summary>
    public MessageFraming Framing { get; set; } = MessageFraming.Header;

    /// <summary>The largest message accepted; a larger one is skipped and answered with -32600.</summary>
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>The default <see cref="ClientStallTimeout"/>: two minutes.</summary>
    public static readonly TimeSpan DefaultClientStallTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long one write may wait for a client that does not read. Past it the client is disconnected: nothing more
    /// is written to it, running turns go on and are stored, and the server exits with
    /// <see cref="NexoJsonRpcHost.ClientStalledExitCode"/> once they have ended. <see cref="Timeout.InfiniteTimeSpan"/>
    /// waits forever. A client that reads slowly but steadily is never disconnected.
    /// </summary>
    public TimeSpan ClientStallTimeout { get; set; } = DefaultClientStallTimeout;

    /// <summary>Logging (never to the protocol stream); nothing is logged when <see langword="null"/>.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Further SDK options (for example an <see cref="ILlmClientFactory"/>); <see cref="DatabasePath"/> and <see cref="LoggerFactory"/> win over theirs.</summary>
    public NexoOptions? SdkOptions { get; set; }
}
