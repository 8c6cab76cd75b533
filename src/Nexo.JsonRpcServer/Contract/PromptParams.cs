namespace Nexo.JsonRpcServer.Contract;

/// <summary><c>create_prompt</c>: creates a prompt template with <c>{{variable}}</c> placeholders.</summary>
public sealed record CreatePromptParams
{
    /// <summary>An id chosen by the caller; the server generates one when omitted.</summary>
    public string? Id { get; init; }

    /// <summary>The name (unique).</summary>
    public required string Name { get; init; }

    /// <summary>The template text with <c>{{variable}}</c> placeholders.</summary>
    public required string Content { get; init; }

    /// <summary>What the prompt is for.</summary>
    public string? Description { get; init; }
}

/// <summary><c>get_prompts</c>: lists prompt templates, most recently updated first.</summary>
public sealed record GetPromptsParams;

/// <summary><c>update_prompt</c>: changes a prompt template; omitted fields keep their value.</summary>
public sealed record UpdatePromptParams
{
    /// <summary>The prompt.</summary>
    public required string Id { get; init; }

    /// <summary>The new name.</summary>
    public string? Name { get; init; }

    /// <summary>The new template text.</summary>
    public string? Content { get; init; }

    /// <summary>The new description (empty string clears it).</summary>
    public string? Description { get; init; }
}

/// <summary><c>delete_prompt</c>: deletes a prompt template.</summary>
public sealed record DeletePromptParams
{
    /// <summary>The prompt.</summary>
    public required string Id { get; init; }
}

/// <summary><c>render_prompt</c>: renders a prompt template; every variable needs a value.</summary>
public sealed record RenderPromptParams
{
    /// <summary>The prompt's id or name.</summary>
    public required string Id { get; init; }

    /// <summary>A value for every variable of the template.</summary>
    public IReadOnlyDictionary<string, string>? Variables { get; init; }
}

/// <summary>The result of <c>render_prompt</c>.</summary>
public sealed record RenderPromptResult
{
    /// <summary>The rendered text.</summary>
    public required string Content { get; init; }
}
