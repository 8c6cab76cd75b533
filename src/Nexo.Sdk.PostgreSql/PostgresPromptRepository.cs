using Dapper;
using Npgsql;

namespace Nexo.Storage.PostgreSql;

internal sealed class PostgresPromptRepository(PostgresDatabase db) : IPromptRepository
{
    private const string Columns = "id, name, content, description, created_at, updated_at";

    public Task CreateAsync(Prompt prompt, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("create a prompt", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await c.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO prompts ({Columns}) VALUES (@Id, @Name, @Content, @Description, @CreatedAt, @UpdatedAt)",
                    Parameters(prompt),
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (PgErrors.IsUniqueViolation(ex))
            {
                throw ex.ConstraintName == "ux_prompts_name"
                    ? NexoException.Conflict($"A prompt named '{prompt.Name}' already exists.")
                    : NexoException.Conflict($"A prompt with id '{prompt.Id}' already exists.");
            }

            return 0;
        });

    public Task<Prompt?> GetAsync(string id, CancellationToken cancellationToken = default) => QueryOne("id = @v", id, cancellationToken);

    public Task<Prompt?> GetByNameAsync(string name, CancellationToken cancellationToken = default) => QueryOne("lower(name) = lower(@v)", name, cancellationToken);

    public Task<IReadOnlyList<Prompt>> ListAsync(CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("list prompts", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<PromptRow>(new CommandDefinition(
                $"SELECT {Columns} FROM prompts ORDER BY updated_at DESC, id DESC", cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (IReadOnlyList<Prompt>)rows.Select(r => r.ToModel()).ToList();
        });

    public Task<bool> UpdateAsync(Prompt prompt, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("update a prompt", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE prompts SET name = @Name, content = @Content, description = @Description, updated_at = @UpdatedAt WHERE id = @Id",
                    Parameters(prompt),
                    cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
            }
            catch (PostgresException ex) when (PgErrors.IsUniqueViolation(ex))
            {
                throw NexoException.Conflict($"A prompt named '{prompt.Name}' already exists.");
            }
        });

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("delete a prompt", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition("DELETE FROM prompts WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        });

    private static object Parameters(Prompt p) => new
    {
        p.Id,
        p.Name,
        p.Content,
        p.Description,
        CreatedAt = Time.ToMs(p.CreatedAt),
        UpdatedAt = Time.ToMs(p.UpdatedAt),
    };

    private Task<Prompt?> QueryOne(string where, string v, CancellationToken cancellationToken) =>
        PgErrors.Wrap("read a prompt", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QueryFirstOrDefaultAsync<PromptRow>(new CommandDefinition(
                $"SELECT {Columns} FROM prompts WHERE {where} LIMIT 1", new { v }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToModel();
        });
}
