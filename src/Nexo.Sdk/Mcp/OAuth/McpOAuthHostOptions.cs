using Nexo.Storage;

namespace Nexo;

/// <summary>What the MCP host needs for OAuth-protected servers: the token store and the host's choices from <see cref="NexoOptions"/>.</summary>
internal sealed record McpOAuthHostOptions
{
    public required IMcpOAuthTokenRepository Tokens { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary><see cref="NexoOptions.McpAuthorizationRequired"/>.</summary>
    public Func<McpAuthorizationRequiredEvent, CancellationToken, Task>? Notify { get; init; }

    /// <summary><see cref="NexoOptions.McpAuthorizationTimeout"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><see cref="NexoOptions.WaitForMcpAuthorization"/>.</summary>
    public bool Wait { get; init; } = true;
}
