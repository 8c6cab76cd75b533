namespace Nexo;

/// <summary>Manages prompt templates and renders them.</summary>
public sealed class PromptService
{
    private readonly IPromptRepository _repository;
    private readonly TimeProvider _time;

    internal PromptService(IPromptRepository repository, TimeProvider time)
    {
        _repository = repository;
        _time = time;
    }

    /// <summary>Creates a prompt.</summary>
    /// <param name="input">The prompt.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">Validation (empty name or content) or Conflict (name taken).</exception>
    public async Task<Prompt> CreateAsync(NewPrompt input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = _time.UtcNowMs();
        var prompt = new Prompt
        {
            Id = input.Id is null ? Ids.New() : Validate.Id(input.Id),
            Name = Validate.Name(input.Name),
            Content = RequireContent(input.Content),
            Description = Validate.Optional(input.Description),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await _repository.CreateAsync(prompt, cancellationToken).ConfigureAwait(false);
        return prompt;
    }

    /// <summary>Lists prompts, most recently updated first.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<IReadOnlyList<Prompt>> ListAsync(CancellationToken cancellationToken = default) => _repository.ListAsync(cancellationToken);

    /// <summary>Reads a prompt.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<Prompt> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await _repository.GetAsync(Validate.Id(id), cancellationToken).ConfigureAwait(false) ?? throw NexoException.NotFound("prompt", id);

    /// <summary>Finds a prompt by id or, failing that, by name.</summary>
    /// <param name="idOrName">An id or a name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<Prompt> FindAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        var key = Validate.Name(idOrName, "prompt");
        return await _repository.GetAsync(key, cancellationToken).ConfigureAwait(false)
            ?? await _repository.GetByNameAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw NexoException.NotFound("prompt", idOrName);
    }

    /// <summary>Changes a prompt.</summary>
    /// <param name="id">The id.</param>
    /// <param name="update">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<Prompt> UpdateAsync(string id, PromptUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        var next = current with
        {
            Name = update.Name is null ? current.Name : Validate.Name(update.Name),
            Content = update.Content is null ? current.Content : RequireContent(update.Content),
            Description = update.Description is null ? current.Description : Validate.Optional(update.Description),
            UpdatedAt = _time.UtcNowMs(),
        };
        if (!await _repository.UpdateAsync(next, cancellationToken).ConfigureAwait(false))
        {
            throw NexoException.NotFound("prompt", id);
        }

        return next;
    }

    /// <summary>Deletes a prompt.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!await _repository.DeleteAsync(Validate.Id(id), cancellationToken).ConfigureAwait(false))
        {
            throw NexoException.NotFound("prompt", id);
        }
    }

    /// <summary>Renders a prompt with values for its variables; every variable must have a value.</summary>
    /// <param name="idOrName">The prompt's id or name.</param>
    /// <param name="variables">The values by variable name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="NexoException">NotFound for an unknown prompt; Validation naming the variables without a value.</exception>
    public async Task<string> RenderAsync(string idOrName, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken = default)
    {
        var prompt = await FindAsync(idOrName, cancellationToken).ConfigureAwait(false);
        return PromptTemplate.Render(prompt.Content, variables, strict: true);
    }

    private static string RequireContent(string? content) =>
        string.IsNullOrWhiteSpace(content) ? throw NexoException.Validation("content", "The prompt content must not be empty.") : content;
}
