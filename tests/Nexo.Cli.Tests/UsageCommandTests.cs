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
}
