namespace Nexo.Cli.Tests;

public sealed class UsageCommandTests : IDisposable
{
    private readonly NexoHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Usage_ShowsTokensByDayConnectionAndModel_WithATotal()
    {
        string connectionId;
        await using (var nexo = await _home.OpenAsync())
        {
            var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "metered", Provider = LlmProviderKind.Ollama, BaseUrl = "http://127.0.0.1:11434" });
            connectionId = connection.Id;
            var today = DateTimeOffset.UtcNow;
            foreach (var (model, input, output, when) in new[] { ("m-big", 1000L, 200L, today), ("m-big", 500L, 100L, today), ("m-small", 10L, 5L, today.AddDays(-3)) })
            {
                await nexo.Usage.RecordAsync(new UsageRecord
                {
                    Id = Guid.NewGuid().ToString(), ConnectionId = connection.Id, Provider = "ollama", Model = model,
                    InputTokens = input, OutputTokens = output, TotalTokens = input + output, CreatedAt = when,
                });
            }
        }

        var table = await _home.RunAsync("usage");
        var json = await _home.RunAsync("usage", "--json");
        var lastDay = await _home.RunAsync("usage", "--days", "1", "--json");
        var byConnection = await _home.RunAsync("usage", "--connection", "metered", "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains(table.Lines, l => l.Contains("metered", StringComparison.Ordinal) && l.Contains("m-big", StringComparison.Ordinal) && l.Contains("1,500", StringComparison.Ordinal) && l.Contains("300", StringComparison.Ordinal));
        Assert.Contains(table.Lines, l => l.StartsWith("total", StringComparison.Ordinal) && l.Contains("1,510", StringComparison.Ordinal));
        Assert.Equal(3, json.Json.GetProperty("summary").GetProperty("totalRequests").GetInt64());
        Assert.Equal(2, json.Json.GetProperty("breakdown").GetArrayLength());
        Assert.Equal(1500, Assert.Single(lastDay.Json.GetProperty("breakdown").EnumerateArray()).GetProperty("inputTokens").GetInt64());
        Assert.All(byConnection.Json.GetProperty("breakdown").EnumerateArray(), r => Assert.Equal(connectionId, r.GetProperty("connectionId").GetString()));
    }

    [Fact]
    public async Task Usage_WithNothingRecorded_SaysSo_AndBadDatesAreUsageErrors()
    {
        var empty = await _home.RunAsync("usage");
        var badDate = await _home.RunAsync("usage", "--since", "yesterday-ish");
        var both = await _home.RunAsync("usage", "--since", "2026-01-01", "--days", "3");
        var unknown = await _home.RunAsync("usage", "--connection", "ghost");

        Assert.Equal(0, empty.ExitCode);
        Assert.Equal(string.Empty, empty.StdOut);
        Assert.Contains("No usage recorded yet.", empty.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, badDate.ExitCode);
        Assert.Equal(2, both.ExitCode);
        Assert.Equal(1, unknown.ExitCode);
    }

    [Fact]
    public async Task UsageBy_GroupsByTheGivenKeysWithNames_CostsAreExact_UnknownAndPartlyUnknownAreMarked()
    {
        var at = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
        await using (var nexo = await _home.OpenAsync())
        {
            var alpha = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "alpha" });
            var beta = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "beta" });
            var plans = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = alpha.Id, Title = "plans" });
            var notes = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = beta.Id, Title = "notes" });
            UsageRecord R(Chat chat, string model, decimal? cost, DateTimeOffset when) => new()
            {
                Id = Guid.NewGuid().ToString(), WorkspaceId = chat.WorkspaceId, ChatId = chat.Id, Provider = "openai", Model = model,
                InputTokens = 100, OutputTokens = 10, TotalTokens = 110, Cost = cost, CreatedAt = when,
            };
            await nexo.Usage.RecordAsync(R(plans, "m-priced", 0.1m, at));
            await nexo.Usage.RecordAsync(R(plans, "m-priced", 0.2m, at.AddHours(1)));
            await nexo.Usage.RecordAsync(R(plans, "m-unpriced", null, at.AddHours(1)));
            await nexo.Usage.RecordAsync(R(notes, "m-unpriced", null, at.AddHours(2)));
        }

        var byWorkspace = await _home.RunAsync("usage", "--by", "workspace");
        var byModelAndWorkspace = await _home.RunAsync("usage", "--by", "model,workspace");
        var byHourAndChat = await _home.RunAsync("usage", "--by", "hour", "--by", "chat", "--json");

        Assert.True(byWorkspace.ExitCode == 0, byWorkspace.ToString());
        Assert.StartsWith("WORKSPACE", byWorkspace.Lines[0], StringComparison.Ordinal);
        Assert.Contains(byWorkspace.Lines, l => l.StartsWith("alpha", StringComparison.Ordinal) && l.EndsWith("$0.3 + 1 unpriced", StringComparison.Ordinal));
        Assert.Contains(byWorkspace.Lines, l => l.StartsWith("beta", StringComparison.Ordinal) && l.EndsWith("unknown", StringComparison.Ordinal));
        Assert.Contains(byWorkspace.Lines, l => l.StartsWith("total", StringComparison.Ordinal) && l.EndsWith("$0.3 + 2 unpriced", StringComparison.Ordinal));
        Assert.Equal(4, byWorkspace.Lines.Length); // header, alpha, beta, total
        Assert.Contains(byModelAndWorkspace.Lines, l => l.StartsWith("m-priced", StringComparison.Ordinal) && l.Contains("alpha", StringComparison.Ordinal) && l.EndsWith("$0.3", StringComparison.Ordinal));
        Assert.Equal(2, byModelAndWorkspace.Lines.Count(l => l.StartsWith("m-unpriced", StringComparison.Ordinal) && l.EndsWith("unknown", StringComparison.Ordinal)));
        var rows = byHourAndChat.Json.GetProperty("breakdown").EnumerateArray().ToList();
        var summary = byHourAndChat.Json.GetProperty("summary");
        Assert.Equal(
            [("2026-03-01T11:00Z", "notes", (decimal?)null, 1L), ("2026-03-01T10:00Z", "plans", 0.2m, 1L), ("2026-03-01T09:00Z", "plans", 0.1m, 0L)],
            rows.Select(r => (r.GetProperty("hour").GetString()!, r.GetProperty("chatTitle").GetString()!, r.TryGetProperty("cost", out var c) ? c.GetDecimal() : (decimal?)null, r.GetProperty("costUnknownRecords").GetInt64())));
        Assert.Equal(summary.GetProperty("cost").GetDecimal(), rows.Sum(r => r.TryGetProperty("cost", out var c) ? c.GetDecimal() : 0m));
        Assert.Equal(summary.GetProperty("costUnknownRecords").GetInt64(), rows.Sum(r => r.GetProperty("costUnknownRecords").GetInt64()));
    }

    [Fact]
    public async Task UsageBy_AnUnknownOrRepeatedKey_IsAUsageError()
    {
        var unknown = await _home.RunAsync("usage", "--by", "model,galaxy");
        var twice = await _home.RunAsync("usage", "--by", "day", "--by", "day");
        var empty = await _home.RunAsync("usage", "--by", ",");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("galaxy", unknown.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, twice.ExitCode);
        Assert.Equal(2, empty.ExitCode);
    }
}
