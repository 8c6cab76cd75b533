using Dapper;
using Npgsql;

namespace Nexo.Storage.PostgreSql;

internal sealed class PostgresUsageRepository(PostgresDatabase db) : IUsageRepository
{
    private const string Columns =
        "id, workspace_id, chat_id, message_id, connection_id, provider, model, input_tokens, output_tokens, reasoning_tokens, total_tokens, latency_ms, is_stream, status, request_type, created_at, cached_input_tokens, cost_picousd";

    private const string Where =
        "(@start::bigint IS NULL OR created_at >= @start) AND (@end::bigint IS NULL OR created_at < @end) AND (@workspaceId::text IS NULL OR workspace_id = @workspaceId) AND (@connectionId::text IS NULL OR connection_id = @connectionId) AND (@chatId::text IS NULL OR chat_id = @chatId)";

    public Task AddAsync(UsageRecord record, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("record usage", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO usage_records ({Columns})
                VALUES (@Id, @WorkspaceId, @ChatId, @MessageId, @ConnectionId, @Provider, @Model, @InputTokens, @OutputTokens, @ReasoningTokens, @TotalTokens, @LatencyMs, @IsStream, @Status, @RequestType, @CreatedAt, @CachedInputTokens, @CostPicos)
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
                    IsStream = record.IsStream ? 1L : 0L,
                    record.Status,
                    record.RequestType,
                    CreatedAt = Time.ToMs(record.CreatedAt),
                    record.CachedInputTokens,
                    CostPicos = record.Cost is { } cost ? Costs.ToPicos(cost) : (long?)null,
                },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return 0;
        });

    public Task<UsageSummary> GetSummaryAsync(UsageFilter filter, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("summarise usage", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var r = await c.QuerySingleAsync<(long n, long input, long output, long reasoning, double latency, long? picos, long unknown)>(new CommandDefinition(
                $"SELECT count(*), coalesce(sum(input_tokens), 0)::int8, coalesce(sum(output_tokens), 0)::int8, coalesce(sum(reasoning_tokens), 0)::int8, coalesce(avg(latency_ms), 0.0)::float8, sum(cost_picousd)::int8, count(*) - count(cost_picousd) FROM usage_records WHERE {Where}",
                Args(filter),
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new UsageSummary
            {
                TotalRequests = r.n,
                TotalInputTokens = r.input,
                TotalOutputTokens = r.output,
                TotalReasoningTokens = r.reasoning,
                AverageLatencyMs = r.latency,
                Cost = r.picos is { } p ? Costs.Usd(p) : r.n == 0 ? 0m : null,
                CostUnknownRecords = r.unknown,
            };
        });

    public Task<IReadOnlyList<UsageBreakdownRow>> GetBreakdownAsync(UsageFilter filter, IReadOnlyList<UsageGroupBy> groupBy, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("summarise usage", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<UsageBreakdownDbRow>(new CommandDefinition(BreakdownSql(groupBy), Args(filter), cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (IReadOnlyList<UsageBreakdownRow>)rows.Select(r => r.ToModel()).ToList();
        });

    /// <summary>
    /// The breakdown query for a grouping. Only the fixed SQL of <see cref="GroupKeys"/> is put into it, chosen by the enum
    /// values: nothing of the caller's text. Every key column is selected (NULL when not grouped by it), so one row type fits.
    /// Grouping by hour groups by its day too (the day follows from the hour), which fills the row's day.
    /// </summary>
    private static string BreakdownSql(IReadOnlyList<UsageGroupBy> groupBy)
    {
        var grouped = new HashSet<UsageGroupBy>(groupBy);
        if (grouped.Contains(UsageGroupBy.Hour))
        {
            grouped.Add(UsageGroupBy.Day);
        }

        var select = string.Join(", ", GroupKeys.Select(k => $"{(grouped.Contains(k.Key) ? k.Sql : "NULL")} AS {k.Alias}"));
        var group = string.Join(", ", GroupKeys.Where(k => grouped.Contains(k.Key)).Select(k => k.Alias));
        var order = string.Join(", ", groupBy.Select(g => GroupKeys.Single(k => k.Key == g)).Select(k => k.NewestFirst ? $"g.{k.Alias} DESC" : $"g.{k.Alias}"));
        return $"""
            SELECT g.day, g.hour, g.workspace_id, w.name AS workspace_name, g.chat_id, ch.title AS chat_title,
                   g.connection_id, lc.name AS connection_name, g.model,
                   g.requests, g.input_tokens, g.cached_input_tokens, g.output_tokens, g.cost_picousd, g.cost_unknown
            FROM (
                SELECT {select},
                       count(*) AS requests, sum(input_tokens)::int8 AS input_tokens, sum(cached_input_tokens)::int8 AS cached_input_tokens,
                       sum(output_tokens)::int8 AS output_tokens, sum(cost_picousd)::int8 AS cost_picousd, count(*) - count(cost_picousd) AS cost_unknown
                FROM usage_records WHERE {Where}
                GROUP BY {group}
            ) g
            LEFT JOIN workspaces w ON w.id = g.workspace_id
            LEFT JOIN chats ch ON ch.id = g.chat_id
            LEFT JOIN llm_connections lc ON lc.id = g.connection_id
            ORDER BY {order}
            """;
    }

    /// <summary>The whitelist of grouping keys: the SQL of each (fixed text), its column alias and its sort direction.</summary>
    private static readonly (UsageGroupBy Key, string Sql, string Alias, bool NewestFirst)[] GroupKeys =
    [
        (UsageGroupBy.Day, "to_char(to_timestamp(created_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')", "day", true),
        (UsageGroupBy.Hour, "to_char(to_timestamp(created_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24\":00Z\"')", "hour", true),
        (UsageGroupBy.Workspace, "workspace_id", "workspace_id", false),
        (UsageGroupBy.Chat, "chat_id", "chat_id", false),
        (UsageGroupBy.Connection, "connection_id", "connection_id", false),
        (UsageGroupBy.Model, "model", "model", false),
    ];

    public Task<IReadOnlyList<UsageRecord>> ListAsync(UsageFilter filter, int page, int pageSize, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("list usage", async () =>
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
        PgErrors.Wrap("clear usage", async () =>
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
        chatId = f.ChatId,
    };

    private const string PriceColumns =
        "connection_id, model, input_per_million, output_per_million, cached_input_per_million, reasoning_per_million, created_at, updated_at";

    public Task SetPricesAsync(IReadOnlyList<ModelPrice> prices, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("save model prices", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var price in prices)
                {
                    var args = new
                    {
                        connectionId = price.ConnectionId,
                        model = price.Model,
                        input = Costs.Text(price.InputPerMillion),
                        output = Costs.Text(price.OutputPerMillion),
                        cached = price.CachedInputPerMillion is { } cached ? Costs.Text(cached) : null,
                        reasoning = price.ReasoningPerMillion is { } reasoning ? Costs.Text(reasoning) : null,
                        createdAt = Time.ToMs(price.CreatedAt),
                        updatedAt = Time.ToMs(price.UpdatedAt),
                    };
                    var updated = await c.ExecuteAsync(new CommandDefinition(
                        """
                        UPDATE model_prices SET input_per_million = @input, output_per_million = @output, cached_input_per_million = @cached,
                            reasoning_per_million = @reasoning, updated_at = @updatedAt
                        WHERE coalesce(connection_id, '') = coalesce(@connectionId::text, '') AND model = @model
                        """,
                        args,
                        tx,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                    if (updated == 0)
                    {
                        await c.ExecuteAsync(new CommandDefinition(
                            $"INSERT INTO model_prices ({PriceColumns}) VALUES (@connectionId, @model, @input, @output, @cached, @reasoning, @createdAt, @updatedAt)",
                            args,
                            tx,
                            cancellationToken: cancellationToken)).ConfigureAwait(false);
                    }
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (PgErrors.IsForeignKeyViolation(ex))
            {
                throw NexoException.Validation("connectionId", "A price names an LLM connection that does not exist.");
            }

            return 0;
        });

    public Task<IReadOnlyList<ModelPrice>> ListPricesAsync(string? connectionId, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("list model prices", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var rows = await c.QueryAsync<ModelPriceRow>(new CommandDefinition(
                $"SELECT {PriceColumns} FROM model_prices WHERE @connectionId::text IS NULL OR connection_id IS NULL OR connection_id = @connectionId ORDER BY model, connection_id IS NOT NULL, connection_id",
                new { connectionId },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (IReadOnlyList<ModelPrice>)rows.Select(r => r.ToModel()).ToList();
        });

    public Task<bool> DeletePriceAsync(string? connectionId, string model, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("delete a model price", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var n = await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM model_prices WHERE coalesce(connection_id, '') = coalesce(@connectionId::text, '') AND model = @model",
                new { connectionId, model },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return n > 0;
        });

    public Task<ModelPrice?> FindPriceAsync(string? connectionId, string model, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("read a model price", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var row = await c.QueryFirstOrDefaultAsync<ModelPriceRow>(new CommandDefinition(
                $"SELECT {PriceColumns} FROM model_prices WHERE model = @model AND (connection_id IS NULL OR connection_id = @connectionId) ORDER BY connection_id IS NULL LIMIT 1",
                new { connectionId, model },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row?.ToModel();
        });

    public Task<decimal> GetSpentAsync(string workspaceId, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        PgErrors.Wrap("total a workspace's costs", async () =>
        {
            await using var c = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var picos = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT sum(cost_picousd)::int8 FROM usage_records WHERE workspace_id = @workspaceId AND created_at >= @since",
                new { workspaceId, since = Time.ToMs(since) },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return picos is { } p ? Costs.Usd(p) : 0m;
        });
}
