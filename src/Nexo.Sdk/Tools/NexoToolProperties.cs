using Microsoft.Extensions.AI;

namespace Nexo;

/// <summary>
/// The keys Nexo reads from a tool's <see cref="AITool.AdditionalProperties"/>, and helpers that set them. Every tool of a
/// turn (an MCP server's, one of <see cref="NexoOptions.Tools"/> or of <see cref="SendMessageRequest.Tools"/>) passes the
/// same permission gate; these say how a tool wants to be treated there.
/// </summary>
/// <example>
/// <code>
/// var clock = AIFunctionFactory.Create(() => DateTimeOffset.Now, new AIFunctionFactoryOptions
/// {
///     Name = "now",
///     AdditionalProperties = new Dictionary&lt;string, object?&gt; { [NexoToolProperties.RequiresPermission] = false },
/// });
/// // or: var clock = AIFunctionFactory.Create(() => DateTimeOffset.Now, "now").WithoutPermission();
/// </code>
/// </example>
public static class NexoToolProperties
{
    /// <summary>
    /// <c>nexo.requiresPermission</c>: <see langword="false"/> runs the tool without asking, even in
    /// <see cref="ToolPermissionMode.Ask"/> mode (a workspace's <see cref="ToolPermissionRule.AlwaysDeny"/> rule for it still
    /// denies it). Absent or <see langword="true"/>: the workspace's permission mode and rules decide. A tool wrapped in
    /// <see cref="ApprovalRequiredAIFunction"/> is asked about even in <see cref="ToolPermissionMode.AllowAll"/> mode,
    /// unless a rule always allows it.
    /// </summary>
    public const string RequiresPermission = "nexo.requiresPermission";

    /// <summary>
    /// <c>nexo.readOnly</c>: <see langword="true"/> declares that the tool only reads (it changes nothing and runs
    /// nothing), so a workspace in <see cref="ToolPermissionMode.AllowReads"/> mode runs it without asking, like the
    /// built-in reading tools (<see cref="BuiltinToolNames.ReadOnly"/>) and MCP tools that declare <c>readOnlyHint</c>.
    /// A host that replaces a built-in reading tool with its own for a turn marks it so.
    /// </summary>
    public const string ReadOnly = "nexo.readOnly";

    /// <summary>Returns <paramref name="function"/> marked as not needing permission (see <see cref="RequiresPermission"/>).</summary>
    /// <param name="function">The function.</param>
    /// <returns>A function that runs <paramref name="function"/> and carries the mark.</returns>
    public static AIFunction WithoutPermission(this AIFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new NoPermissionFunction(function);
    }

    /// <summary>
    /// What <paramref name="tool"/> declares about permission: <see langword="false"/> when it runs without asking,
    /// <see langword="true"/> when it is always asked about, <see langword="null"/> when the workspace decides.
    /// </summary>
    internal static bool? Declared(AITool tool)
    {
        if (tool.GetService<ApprovalRequiredAIFunction>() is not null)
        {
            return true;
        }

        return tool.AdditionalProperties.TryGetValue(RequiresPermission, out var value) && value is false or "false" ? false : null;
    }

    /// <summary>
    /// Whether <paramref name="tool"/> only reads: it is marked <see cref="ReadOnly"/>, or it is an MCP tool whose server
    /// declares <c>readOnlyHint: true</c> (<see cref="WorkspaceTool.ReadOnlyHint"/>).
    /// </summary>
    internal static bool IsReadOnly(AITool tool) =>
        tool is WorkspaceTool mcp ? mcp.ReadOnlyHint
            : tool.AdditionalProperties.TryGetValue(ReadOnly, out var value) && value is true or "true";

    private sealed class NoPermissionFunction(AIFunction inner) : DelegatingAIFunction(inner)
    {
        private readonly Dictionary<string, object?> _properties =
            new(inner.AdditionalProperties, StringComparer.Ordinal) { [RequiresPermission] = false };

        public override IReadOnlyDictionary<string, object?> AdditionalProperties => _properties;
    }
}
