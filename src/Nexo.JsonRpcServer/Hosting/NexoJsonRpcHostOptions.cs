using Microsoft.Extensions.Logging;

namespace Nexo.JsonRpcServer.Hosting;

/// <summary>Options of <see cref="NexoJsonRpcHost.RunAsync"/>.</summary>
public sealed class NexoJsonRpcHostOptions
{
    /// <summary>The default limit of one message: 16 MiB.</summary>
    public const int DefaultMaxMessageBytes = 16 * 1024 * 1024;

    /// <summary>The database file; <see cref="NexoPaths.DefaultDatabasePath"/> when <see langword="null"/>.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>How messages are delimited (default <see cref="MessageFraming.Header"/>, as LSP).</summary>
    public MessageFraming Framing { get; set; } = MessageFraming.Header;

    /// <summary>The largest message accepted; a larger one is skipped and answered with -32600.</summary>
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>Logging (never to the protocol stream); nothing is logged when <see langword="null"/>.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Further SDK options (for example an <see cref="ILlmClientFactory"/>); <see cref="DatabasePath"/> and <see cref="LoggerFactory"/> win over theirs.</summary>
    public NexoOptions? SdkOptions { get; set; }
}
