using Dapper;
using Microsoft.Data.Sqlite;

namespace Nexo.Storage;

internal sealed class SqlitePromptRepository(NexoDatabase db) : IPromptRepository
{
    private const string Columns = "id, name, content, description, created_at, updated_at";

    public Task CreateAsync(Prompt prompt, CancellationToken cancellationToken = default) =>
        Errors.Wrap("create a prompt", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await c.ExecuteAsync(
                    $"INSERT INTO prompts ({Columns}) VALUES (@Id, @Name, @Content, @Description, @CreatedAt, @UpdatedAt)",
                    Parameters(prompt)).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (Errors.IsUniqueViolation(ex))
            {
                throw ex.Message.Contains("name", StringComparison.Ordinal)
                    ? NexoException.Conflict($"A prompt named '{prompt.Name}' already exists.")
                    : NexoException.Conflict($"A prompt with id '{prompt.Id}' already exists.");
            }

            return 0;
        });

    public Task<Prompt?> GetAsync(string id, CancellationToken cancellationToken = default) => QueryOne("id = @v", id, cancellationToken);

    public Task<Prompt?> GetByNameAsync(string name, CancellationToken cancellationToken = default) => QueryOne("name = @v COLLATE NOCASE", name, cancellationToken);

    public Task<IReadOnlyList<Prompt>> ListAsync(CancellationToken cancellationToken = default) =>
        Errors.Wrap("list prompts", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<PromptRow>(
                $"SELECT {Columns} FROM prompts ORDER BY updated_at DESC, id DESC", new { cancellationToken }).ConfigureAwait(false);
            return (IReadOnlyList<Prompt>)rows.Select(r => r.ToModel()).ToList();
        });

    public Task<bool> UpdateAsync(Prompt prompt, CancellationToken cancellationToken = default) =>
        Errors.Wrap("update a prompt", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await c.ExecuteAsync(
                    "UPDATE prompts SET name = @Name, content = @Content, description = @Description, updated_at = @UpdatedAt WHERE id = @Id",
                    Parameters(prompt)).ConfigureAwait(false) > 0;
            }
            catch (SqliteException ex) when (Errors.IsUniqueViolation(ex))
            {
                throw NexoException.Conflict($"A prompt named '{prompt.Name}' already exists.");
            }
        });

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        Errors.Wrap("delete a prompt", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync("DELETE FROM prompts WHERE id = @id", new { id, cancellationToken }).ConfigureAwait(false) > 0;
        });

    private static PromptParameters Parameters(Prompt p) => new()
    {
        Id = p.Id,
        Name = p.Name,
        Content = p.Content,
        Description = p.Description,
        CreatedAt = Time.ToMs(p.CreatedAt),
        UpdatedAt = Time.ToMs(p.UpdatedAt),
    };

    /// <summary>A prompt's columns as SQL parameters (a named type: Dapper.AOT generates its binding).</summary>
    internal sealed class PromptParameters
    {
        public required string Id { get; init; }

        public required string Name { get; init; }

        public required string Content { get; init; }

        public string? Description { get; init; }

        public long CreatedAt { get; init; }

        public long UpdatedAt { get; init; }
    }

    private Task<Prompt?> QueryOne(string where, string v, CancellationToken cancellationToken) =>
        Errors.Wrap("read a prompt", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QueryFirstOrDefaultAsync<PromptRow>(
                $"SELECT {Columns} FROM prompts WHERE {where} LIMIT 1", new { v }).ConfigureAwait(false);
            return row?.ToModel();
        });
}
