using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Nexo.Tools;

/// <summary>One tool offered in a turn, with what the permission gate, the events and the stored messages need to know.</summary>
/// <param name="Function">The function the model calls (its <see cref="AITool.Name"/> is the name the model sees).</param>
/// <param name="Id">The key of permission rules: <c>serverId/toolName</c> for an MCP tool, the name for any other.</param>
/// <param name="ToolName">The tool's own name (an MCP server's spelling; the function's name otherwise).</param>
/// <param name="ServerId">The MCP server, for an MCP tool.</param>
/// <param name="ServerName">The MCP server's name, for an MCP tool.</param>
/// <param name="Fingerprint">
/// For an MCP tool, its fingerprint (<see cref="ToolFingerprint"/>: the server's identity, the tool's name and schema),
/// which remembered rules are checked against; <see langword="null"/> for any other tool (the host's and a turn's tools
/// are the application's own code, not something a server can swap).
/// </param>
internal sealed record OfferedTool(AIFunction Function, string Id, string ToolName, string? ServerId, string? ServerName, string? Fingerprint = null)
{
    public string ModelName => Function.Name;

    public static OfferedTool Of(AIFunction function) => function is WorkspaceTool mcp
        ? new OfferedTool(mcp, mcp.ToolId, mcp.ToolName, mcp.ServerId, mcp.ServerName, mcp.Fingerprint)
        : new OfferedTool(function, function.Name, function.Name, null, null);
}

/// <summary>
/// The tools of one turn: the caller's tools for this turn, the host's tools (<see cref="NexoOptions.Tools"/>) that the
/// workspace does not disable, and the workspace's MCP tools, with names unique case-insensitively. The one rule that maps
/// a model's tool-call name back to a tool is <see cref="ToolNames.Find{T}"/>.
/// </summary>
internal sealed partial class ToolSet
{
    private readonly List<OfferedTool> _functions;

    private ToolSet(List<OfferedTool> functions, List<AITool> providerTools)
    {
        _functions = functions;
        ProviderTools = providerTools;
    }

    public static ToolSet Empty { get; } = new([], []);

    /// <summary>The invocable tools, in the order they are offered.</summary>
    public IReadOnlyList<OfferedTool> Functions => _functions;

    /// <summary>Tools the provider runs itself (hosted tools such as web search), passed through as they are.</summary>
    public IReadOnlyList<AITool> ProviderTools { get; }

    public bool IsEmpty => _functions.Count == 0 && ProviderTools.Count == 0;

    /// <summary>Every tool as the model is offered it.</summary>
    public IList<AITool> ForModel() => [.. _functions.Select(f => (AITool)f.Function), .. ProviderTools];

    /// <summary>The tool the model called by <paramref name="modelName"/>, or <see langword="null"/>.</summary>
    public OfferedTool? Find(string? modelName) => ToolNames.Find(_functions, f => f.ModelName, modelName);

    /// <summary>
    /// Builds a turn's tool set. Consumer tools must have provider-safe names, unique among themselves (a tool of the turn
    /// replaces a built-in tool and a host tool of the same name; a built-in tool replaces a host tool); an MCP tool whose
    /// name a consumer tool already has is offered under its server-prefixed name instead.
    /// </summary>
    /// <exception cref="NexoException">Validation for a tool without a valid name, a declaration without an implementation, or two tools of one list with one name.</exception>
    public static ToolSet Build(
        IEnumerable<AITool>? turnTools, IEnumerable<AITool>? hostTools, IReadOnlyCollection<string> disabled, IReadOnlyList<WorkspaceTool> mcpTools, IReadOnlyList<AIFunction>? builtinTools = null)
    {
        var functions = new List<OfferedTool>();
        var providerTools = new List<AITool>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var disabledNames = new HashSet<string>(disabled, StringComparer.Ordinal);

        void AddConsumer(IEnumerable<AITool>? tools, string field, bool host)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var tool in tools ?? [])
            {
                if (tool is null)
                {
                    throw NexoException.Validation(field, "The tool list contains a null tool.");
                }

                if (tool is not AIFunctionDeclaration)
                {
                    providerTools.Add(tool);
                    continue;
                }

                if (!ValidName().IsMatch(tool.Name ?? string.Empty))
                {
                    throw NexoException.Validation(field, $"The tool name '{tool.Name}' is not valid: use 1 to 64 letters, digits, '_' or '-', starting with a letter or '_'.");
                }

                if (!seen.Add(tool.Name!))
                {
                    throw NexoException.Validation(field, $"Two tools are named '{tool.Name}' (names must be unique, ignoring case).");
                }

                if (tool is not AIFunction function)
                {
                    throw NexoException.Validation(field, $"The tool '{tool.Name}' is a declaration without an implementation: give an AIFunction that Nexo can invoke.");
                }

                if ((host && disabledNames.Contains(function.Name)) || !used.Add(function.Name))
                {
                    continue;
                }

                functions.Add(OfferedTool.Of(function));
            }
        }

        AddConsumer(turnTools, "tools", host: false);
        foreach (var builtin in builtinTools ?? [])
        {
            if (used.Add(builtin.Name))
            {
                functions.Add(OfferedTool.Of(builtin));
            }
        }

        AddConsumer(hostTools, "tools", host: true);
        foreach (var tool in mcpTools)
        {
            var offered = tool;
            if (!used.Add(tool.ModelName))
            {
                offered = tool.Renamed(UniqueName(tool, used));
                used.Add(offered.ModelName);
            }

            functions.Add(OfferedTool.Of(offered));
        }

        return new ToolSet(functions, providerTools);
    }

    private static string UniqueName(WorkspaceTool tool, HashSet<string> used)
    {
        var preferred = McpToolNaming.Sanitize(tool.ServerName) + "__" + tool.ModelName.TrimStart('_');
        var key = tool.ServerId + "/" + tool.ToolName;
        var name = preferred.Length <= McpToolNaming.MaxLength && !used.Contains(preferred) ? preferred : McpToolNaming.WithHash(preferred, key);
        for (var attempt = 1; used.Contains(name); attempt++)
        {
            name = McpToolNaming.WithHash(preferred, key + "#" + attempt);
        }

        return name;
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$")]
    private static partial Regex ValidName();
}
