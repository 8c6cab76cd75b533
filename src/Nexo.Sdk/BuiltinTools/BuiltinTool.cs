using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Nexo.BuiltinTools;

/// <summary>
/// The base of Nexo's built-in tools: an <see cref="AIFunction"/> with an explicit JSON schema, created for one turn
/// (it knows the chat, the workspace folder and how files and commands are reached). Failures are
/// <see cref="NexoException"/>s (see <see cref="BuiltinToolErrors"/>), which the turn gives the model as the tool's error.
/// </summary>
internal abstract class BuiltinTool : AIFunction
{
    private readonly JsonElement _schema;
    private readonly Dictionary<string, object?> _properties;

    protected BuiltinTool(BuiltinToolContext context, string name, string description, string schema)
    {
        Context = context;
        Name = name;
        Description = description;
        using (var document = JsonDocument.Parse(schema))
        {
            _schema = document.RootElement.Clone();
        }

        _properties = new Dictionary<string, object?>(StringComparer.Ordinal) { [BuiltinKey] = true };
        if (BuiltinToolNames.ReadOnly.Contains(name))
        {
            _properties[NexoToolProperties.ReadOnly] = true;
        }

        if (name == BuiltinToolNames.UpdatePlan)
        {
            _properties[NexoToolProperties.RequiresPermission] = false;
        }
    }

    /// <summary>The key that marks a built-in tool in <see cref="AITool.AdditionalProperties"/> (<c>nexo.builtin</c>).</summary>
    public const string BuiltinKey = "nexo.builtin";

    public BuiltinToolContext Context { get; }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override string Description { get; }

    /// <inheritdoc />
    public override JsonElement JsonSchema => _schema;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> AdditionalProperties => _properties;

    /// <summary>What a call with <paramref name="arguments"/> would do, without doing it (shown when permission is asked).</summary>
    public async Task<ToolCallPreview> PreviewAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await PreviewCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (NexoException ex)
        {
            return new ToolCallPreview { Kind = BuiltinToolNames.KindOf(Name), Error = ex.Message };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ToolCallPreview { Kind = BuiltinToolNames.KindOf(Name), Error = $"{Name}: {ex.Message}" };
        }
    }

    protected virtual Task<ToolCallPreview> PreviewCoreAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken) =>
        Task.FromResult(new ToolCallPreview { Kind = BuiltinToolNames.KindOf(Name) });

    protected abstract Task<string> RunAsync(BuiltinToolArguments arguments, CancellationToken cancellationToken);

    /// <inheritdoc />
    /// <exception cref="NexoException">Validation: the call was refused or failed (the message says why).</exception>
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(BuiltinToolArguments.Of(Name, arguments), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // File system failures (permission denied, disk full, a file locked) are the call's error, said plainly.
            throw new NexoException(NexoErrorKind.Validation, $"{Name}: {ex.Message}", ex);
        }
    }
}
