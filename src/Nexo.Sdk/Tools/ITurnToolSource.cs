using System.Text.Json;

namespace Nexo.Tools;

/// <summary>Where the agent loop gets a workspace's tools and runs them (the MCP host in production).</summary>
internal interface ITurnToolSource
{
    Task<IReadOnlyList<TurnTool>> GetToolsAsync(string workspaceId, CancellationToken cancellationToken);

    /// <summary>Runs a tool. Tool failures come back as <see cref="TurnToolResult.IsError"/>; only cancellation throws.</summary>
    Task<TurnToolResult> InvokeAsync(TurnTool tool, JsonElement? arguments, Action<double, double?, string?> progress, CancellationToken cancellationToken);
}
