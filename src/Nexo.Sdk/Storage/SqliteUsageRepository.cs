using Dapper;

namespace Nexo.Storage;

internal sealed class SqliteUsageRepository(NexoDatabase db) : IUsageRepository
{
    private const string Columns =
        "id, workspace_id, chat_id, message_id, connection_id, provider, model, input_tokens, output_tokens, reasoning_tokens, total_tokens, latency_ms, is_stream, status, request_type, created_at";

    private const string Where =
        "(@start IS NULL OR created_at >= @start) AND (@end IS NULL OR created_at < @end) AND (@workspaceId IS NULL OR workspace_id = @workspaceId) AND (@connectionId IS NULL OR connection_id = @connectionId)";

    public Task AddAsync(UsageRecord record, CancellationToken cancellationToken = default) =>
        Errors.Wrap("record usage", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO usage_records ({Columns})
                VALUES (@Id, @WorkspaceId, @ChatId, @MessageId, @ConnectionId, @Provider, @Model, @InputTokens, @OutputTokens, @ReasoningTokens, @TotalTokens, @LatencyMs, @IsStream, @Status, @RequestType, @CreatedAt)
                """,
                new
                {
                    record.Id,
                    record.WorkspaceId,
                    record.ChatId,
                    record.MessageId,
                    record.ConnectionId,
                    record.Provider,
                    record.Model,
                    record.InputTokens,
                    record.OutputTokens,
                    record.ReasoningTokens,
                    record.TotalTokens,
                    record.LatencyMs,
                    IsStream = record.IsStream ? 1 : 0,
                    record.Status,
                    record.RequestType,
                    CreatedAt = Time.ToMs(record.CreatedAt),
                },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return 0;
        });

    public Task<UsageSummary> GetSummaryAsync(UsageFilter filter, CancellationToken cancellationToken = default) =>
        Errors.Wrap("summarise usage", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var r = await c.QuerySingleAsync<(long n, long input, long output, long reasoning, double latency)>(new CommandDefinition(
                $"SELECT count(*), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0), coalesce(sum(reasoning_tokens), 0), coalesce(avg(latency_ms), 0.0) FROM usage_records WHERE {Where}",
                Args(filter),
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new UsageSummary { TotalRequests = r.n, TotalInputTokens = r.input, TotalOutputTokens = r.output, TotalReasoningTokens = r.reasoning, AverageLatencyMs = r.latency };
        });

    public Task<IReadOnlyList<UsageBreakdownRow>> GetBreakdownAsync(UsageFilter filter, CancellationToken cancellationToken = default) =>
        Errors.Wrap("summarise usage", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<(string day, string? connection_id, string model, long n, long input, long output)>(new CommandDefinition(
                $"""
                SELECT strftime('%Y-%m-%d', created_at / 1000, 'unixepoch') AS day, connection_id, model,
                       count(*), sum(input_tokens), sum(output_tokens)
                FROM usage_records WHERE {Where}
                GROUP BY day, connection_id, model
                ORDER BY day DESC, connection_id, model
                """,
                Args(filter),
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (IReadOnlyList<UsageBreakdownRow>)rows.Select(r => new UsageBreakdownRow
            {
                Day = r.day,
                ConnectionId = r.connection_id,
                Model = r.model,
                Requests = r.n,
                InputTokens = r.input,
                OutputTokens = r.output,
            }).ToList();
        });

    public Task<IReadOnlyList<UsageRecord>> ListAsync(UsageFilter filter, int page, int pageSize, CancellationToken cancellationToken = default) =>
        Errors.Wrap("list usage", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var p = new DynamicParameters(Args(filter));
            p.Add("take", pageSize);
            p.Add("skip", (long)(page - 1) * pageSize);
            var rows = await c.QueryAsync<UsageRow>(new CommandDefinition(
                $"SELECT {Columns} FROM usage_records WHERE {Where} ORDER BY created_at DESC, id DESC LIMIT @take OFFSET @skip",
                p,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (IReadOnlyList<UsageRecord>)rows.Select(r => r.ToModel()).ToList();
        });

    public Task<int> ClearAsync(CancellationToken cancellationToken = default) =>
        Errors.Wrap("clear usage", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition("DELETE FROM usage_records", cancellationToken: cancellationToken)).ConfigureAwait(false);
        });

    private static object Args(UsageFilter f) => new
    {
        start = f.Start is { } s ? Time.ToMs(s) : (long?)null,
        end = f.End is { } e ? Time.ToMs(e) : (long?)null,
        workspaceId = f.WorkspaceId,
        connectionId = f.ConnectionId,
    };
}
