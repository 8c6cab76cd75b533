using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Nexo.Chats;

/// <summary>What the chat engine needs from the rest of the SDK.</summary>
internal sealed record EngineDependencies
{
    public required IChatRepository Chats { get; init; }

    public required IMessageRepository Messages { get; init; }

    public required IWorkspaceRepository Workspaces { get; init; }

    public required ILlmConnectionRepository Connections { get; init; }

    public required IUsageRepository Usage { get; init; }

    public required IAppSettingRepository AppSettings { get; init; }

    public required Func<ILlmClientFactory> ClientFactory { get; init; }

    public required NexoEventStream Events { get; init; }

    public required TimeProvider Time { get; init; }

    public required ILogger Logger { get; init; }

    public required string AttachmentsFolder { get; init; }

    /// <summary>Nexo's own files (database, key, attachments), which the built-in tools never touch.</summary>
    public BuiltinTools.StoreFiles Store { get; init; } = BuiltinTools.StoreFiles.None;

    /// <summary>One turn per chat across processes; without it only this engine's own turns are kept apart.</summary>
    public Storage.ITurnClaims? Claims { get; init; }

    /// <summary>The host's middleware for every model client (<see cref="NexoOptions.ConfigureChatClient"/>).</summary>
    public Action<ChatClientBuilder>? ConfigureChatClient { get; init; }

    public IServiceProvider? Services { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    /// <summary>The host's tools for every workspace (<see cref="NexoOptions.Tools"/>).</summary>
    public IList<AITool> HostTools { get; init; } = [];

    /// <summary>A workspace's enabled MCP tools (the MCP host's); none when <see langword="null"/>.</summary>
    public Func<string, CancellationToken, Task<IReadOnlyList<WorkspaceTool>>>? McpTools { get; set; }

    /// <summary>The MCP host (resources for attachments and the <c>read_mcp_resource</c> tool); none when <see langword="null"/>.</summary>
    public McpHost? Mcp { get; set; }

    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan PermissionTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
