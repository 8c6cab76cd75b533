using Nexo.JsonRpcServer.Contract;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Methods;

/// <summary>Prompt commands: thin calls into <see cref="PromptService"/>.</summary>
/// <param name="nexo">The SDK client.</param>
public sealed class PromptMethods(NexoClient nexo)
{
    /// <summary><c>create_prompt</c>.</summary>
    [JsonRpcMethod(NexoCommands.CreatePrompt, UseSingleObjectParameterDeserialization = true)]
    public Task<Prompt> CreatePromptAsync(CreatePromptParams p, CancellationToken ct) =>
        nexo.Prompts.CreateAsync(new NewPrompt { Id = p.Id, Name = p.Name, Content = p.Content, Description = p.Description }, ct);

    /// <summary><c>get_prompts</c>.</summary>
    [JsonRpcMethod(NexoCommands.GetPrompts, UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<Prompt>> GetPromptsAsync(GetPromptsParams? p = null, CancellationToken ct = default) =>
        nexo.Prompts.ListAsync(ct);

    /// <summary><c>update_prompt</c>.</summary>
    [JsonRpcMethod(NexoCommands.UpdatePrompt, UseSingleObjectParameterDeserialization = true)]
    public Task<Prompt> UpdatePromptAsync(UpdatePromptParams p, CancellationToken ct) =>
        nexo.Prompts.UpdateAsync(p.Id, new PromptUpdate { Name = p.Name, Content = p.Content, Description = p.Description }, ct);

    /// <summary><c>delete_prompt</c>.</summary>
    [JsonRpcMethod(NexoCommands.DeletePrompt, UseSingleObjectParameterDeserialization = true)]
    public Task DeletePromptAsync(DeletePromptParams p, CancellationToken ct) =>
        nexo.Prompts.DeleteAsync(p.Id, ct);

    /// <summary><c>render_prompt</c>.</summary>
    [JsonRpcMethod(NexoCommands.RenderPrompt, UseSingleObjectParameterDeserialization = true)]
    public async Task<RenderPromptResult> RenderPromptAsync(RenderPromptParams p, CancellationToken ct) =>
        new() { Content = await nexo.Prompts.RenderAsync(p.Id, p.Variables ?? new Dictionary<string, string>(), ct).ConfigureAwait(false) };
}
