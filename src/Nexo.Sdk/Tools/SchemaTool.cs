using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Nexo.Tools;

/// <summary>A tool declared to the model by name, description and JSON schema; Nexo runs it itself (never auto-invoked).</summary>
internal sealed class SchemaTool(TurnTool tool) : AIFunctionDeclaration
{
    public override string Name => tool.ModelName;

    public override string Description => tool.Description ?? string.Empty;

    public override JsonElement JsonSchema => tool.InputSchema;
}
