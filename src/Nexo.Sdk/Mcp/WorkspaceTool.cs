using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Nexo;

/// <summary>
/// An MCP tool enabled in a workspace, as offered to a model: an <see cref="AIFunction"/> (like the MCP C# SDK's
/// <c>McpClientTool</c>) whose invocation goes through <see cref="McpHost"/>, on the server's connection for the
/// workspace's folder. <see cref="AITool.Name"/> is <see cref="ModelName"/>, the name the model sees and calls (valid for
/// every provider and unique within the workspace); <see cref="ServerId"/> and <see cref="ToolName"/> say exactly which
/// tool to call. Map a model's call back with <see cref="McpHost.ResolveModelName"/>. Invoking it returns an
/// <see cref="McpToolResult"/>; tool failures are results with <see cref="McpToolResult.IsError"/> set.
/// </summary>
public sealed class WorkspaceTool : AIFunction
{
    /// <summary>The tool id, <c>serverId/toolName</c>: the key of tool permission rules.</summary>
    public required string ToolId { get; init; }

    /// <summary>The name offered to the model: matches <c>^[a-zA-Z0-9_-]{1,64}$</c> and is unique (case-insensitively) among the workspace's tools.</summary>
    public required string ModelName { get; init; }

    /// <summary>The MCP server connection id.</summary>
    public required string ServerId { get; init; }

    /// <summary>The server's display name.</summary>
    public required string ServerName { get; init; }

    /// <summary>The tool name exactly as the server spells it.</summary>
    public required string ToolName { get; init; }

    /// <summary>The tool's title, when the server gives one.</summary>
    public string? Title { get; init; }

    /// <summary>What the tool does, as the server describes it (the model is offered this, else <see cref="Title"/>).</summary>
    public string? ServerDescription { get; init; }

    /// <summary>The JSON schema of the tool's arguments (an object schema).</summary>
    public required JsonElement InputSchema { get; init; }

    /// <summary>
    /// The JSON schema of the tool's structured result (<c>outputSchema</c>), when it declares one; its results are checked
    /// against it (see <see cref="McpToolResult.OutputSchemaError"/>).
    /// </summary>
    public JsonElement? OutputSchema { get; init; }

    /// <summary>
    /// Whether the server declares the tool read-only (<c>annotations.readOnlyHint: true</c>): it then runs without asking
    /// in <see cref="ToolPermissionMode.AllowReads"/> mode.
    /// </summary>
    public bool ReadOnlyHint { get; init; }

    /// <summary>
    /// The workspace's root folder as a <c>file://</c> URI, when it has one: the tool is called on the server's connection
    /// for that folder, whose only MCP root it is (see <see cref="McpHost.CallToolAsync(WorkspaceTool, System.Text.Json.JsonElement?, IProgress{McpToolProgress}?, CancellationToken)"/>).
    /// </summary>
    public string? RootUri { get; init; }

    /// <inheritdoc />
    public override string Name => ModelName;

    /// <inheritdoc />
    public override string Description => ServerDescription ?? Title ?? string.Empty;

    /// <inheritdoc />
    public override JsonElement JsonSchema => InputSchema;

    /// <inheritdoc />
    public override JsonElement? ReturnJsonSchema => OutputSchema;

    /// <summary>A copy offered under another name (when a consumer tool already has this one).</summary>
    internal WorkspaceTool Renamed(string modelName) => new()
    {
        ToolId = ToolId,
        ModelName = modelName,
        ServerId = ServerId,
        ServerName = ServerName,
        ToolName = ToolName,
        Title = Title,
        ServerDescription = ServerDescription,
        InputSchema = InputSchema,
        OutputSchema = OutputSchema,
        ReadOnlyHint = ReadOnlyHint,
        RootUri = RootUri,
        ServerIdentity = ServerIdentity,
        Host = Host,
        Invoker = Invoker,
    };

    /// <summary>
    /// The server's identity when the tool was listed (<see cref="Tools.ToolFingerprint.Server"/>): what a remembered
    /// permission rule was made for, beside the tool's name and schema.
    /// </summary>
    internal string? ServerIdentity { get; init; }

    /// <summary>The tool's fingerprint (<see cref="Tools.ToolFingerprint.Of"/>) over <see cref="ServerIdentity"/>, <see cref="ToolName"/> and <see cref="InputSchema"/>.</summary>
    internal string Fingerprint => _fingerprint ??= Tools.ToolFingerprint.Of(ServerIdentity, ToolName, InputSchema);

    private string? _fingerprint;

    /// <summary>Runs the tool instead of <see cref="Host"/> (in-process stand-ins for MCP servers in tests).</summary>
    internal Func<WorkspaceTool, AIFunctionArguments, CancellationToken, ValueTask<object?>>? Invoker { get; init; }

    /// <summary>The host that runs the tool (set when <see cref="McpHost.GetWorkspaceToolsAsync"/> made it).</summary>
    internal McpHost? Host { get; init; }

    /// <summary>
    /// Calls the tool through <see cref="McpHost"/>. Progress goes to <see cref="ToolCallContext.Current"/> when the call
    /// runs in a turn.
    /// </summary>
    /// <returns>The <see cref="McpToolResult"/>.</returns>
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        if (Invoker is { } invoker)
        {
            return await invoker(this, arguments, cancellationToken).ConfigureAwait(false);
        }

        var host = Host ?? throw new InvalidOperationException($"The tool '{ToolName}' was not made by McpHost.GetWorkspaceToolsAsync, so it has no host to call it on.");
        var json = JsonSerializer.SerializeToElement<IDictionary<string, object?>>(arguments, NexoJson.Info<IDictionary<string, object?>>());
        var context = ToolCallContext.Current;
        var progress = context is null ? null : new SyncProgress(context);
        return await host.CallToolAsync(this, json, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reports progress on the caller's thread, in order (the host already delivers reports one at a time).</summary>
    private sealed class SyncProgress(ToolCallContext context) : IProgress<McpToolProgress>
    {
        public void Report(McpToolProgress value) => context.ReportProgress(value.Progress, value.Total, value.Message);
    }
}
