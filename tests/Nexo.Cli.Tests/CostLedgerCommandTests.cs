using Nexo.Testing;

namespace Nexo.Cli.Tests;

/// <summary>The cost ledger through <c>nexo</c>: prices, the cost of a streamed chat in <c>nexo usage</c>, the monthly budget.</summary>
public sealed class CostLedgerCommandTests : IAsyncLifetime
{
    private readonly NexoHome _home = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeProvider.StartAsync(_home);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task UsagePricesSet_ThenAStreamedChat_UsageShowsItsExactCost()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Text("priced ", "answer").WithUsage(1_000, 500));

        var set = await _home.RunAsync("usage", "prices", "set", FakeProvider.Model, "--input", "2.5", "--output", "10", "--cached-input", "1.25");
        var chat = await _home.RunAsync("chat", "hi");
        var table = await _home.RunAsync("usage");
        var json = await _home.RunAsync("usage", "--json");
        var prices = await _home.RunAsync("usage", "prices", "list");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.True(chat.ExitCode == 0, chat.ToString());
        IReadOnlyList<UsageRecord> records;
        await using (var nexo = await _home.OpenAsync())
        {
            records = await nexo.Usage.ListAsync();
        }

        // 1000 x 2.5 + 500 x 10 = 7500 USD per million tokens; the background title call is priced too (the fake's default usage).
        Assert.Equal(0.0075m, records.Single(r => r.RequestType == "chat").Cost);
        var title = records.Single(r => r.RequestType == "title");
        var total = 0.0075m + title.Cost!.Value;
        Assert.Equal(((title.InputTokens * 2.5m) + (title.OutputTokens * 10m)) / 1_000_000m, title.Cost);
        Assert.Equal(total, json.Json.GetProperty("summary").GetProperty("cost").GetDecimal());
        Assert.Equal(0, json.Json.GetProperty("summary").GetProperty("costUnknownRecords").GetInt64());
        Assert.Contains(table.Lines, l => l.StartsWith("total", StringComparison.Ordinal) && l.EndsWith("$" + total.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Contains("COST", table.Lines[0], StringComparison.Ordinal);
        Assert.Contains(prices.Lines, l => l.Contains(FakeProvider.Model, StringComparison.Ordinal) && l.Contains("$2.5", StringComparison.Ordinal) && l.Contains("$1.25", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UsagePricesImport_ReadsThePriceFile_AndACallWithoutAPriceShowsAsUnknown()
    {
        var file = Path.Combine(_home.Folder, "prices.json");
        await File.WriteAllTextAsync(file, """{"currency": "USD", "prices": [{"model": "other-model", "inputPerMillion": 1, "outputPerMillion": 2}, {"model": "third", "inputPerMillion": 0.5, "outputPerMillion": 1.5}]}""");
        FakeProvider.Answer(_server, _ => FakeResponse.Text("unpriced").WithUsage(100, 10));

        var imported = await _home.RunAsync("usage", "prices", "import", file);
        var listed = await _home.RunAsync("usage", "prices", "list", "--json");
        await _home.RunAsync("chat", "hi");
        var table = await _home.RunAsync("usage");
        var json = await _home.RunAsync("usage", "--json");
        var bad = await _home.RunAsync("usage", "prices", "set", "x", "--input", "-1", "--output", "1");
        var missing = await _home.RunAsync("usage", "prices", "import", Path.Combine(_home.Folder, "nope.json"));

        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Equal(["other-model", "third"], listed.Json.EnumerateArray().Select(p => p.GetProperty("model").GetString()));
        Assert.Contains(table.Lines, l => l.Contains(FakeProvider.Model, StringComparison.Ordinal) && l.EndsWith("unknown", StringComparison.Ordinal));
        Assert.False(json.Json.GetProperty("summary").TryGetProperty("cost", out var cost) && cost.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("inputPerMillion", bad.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
    }

    [Fact]
    public async Task UsageBy_AfterAPricedAndAnUnpricedChat_EveryGroupingAddsUpToTheExactTotal_AndShowsThePartOfUnknownCost()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Text("answer").WithUsage(1_000, 500));
        await _home.RunAsync("usage", "prices", "set", FakeProvider.Model, "--input", "2.5", "--output", "10");
        var priced = await _home.RunAsync("chat", "priced");
        await _home.RunAsync("usage", "prices", "delete", FakeProvider.Model);
        var unpriced = await _home.RunAsync("chat", "--new", "unpriced");

        var summary = (await _home.RunAsync("usage", "--json")).Json.GetProperty("summary");
        var byWorkspace = await _home.RunAsync("usage", "--by", "workspace");

        Assert.True(priced.ExitCode == 0, priced.ToString());
        Assert.True(unpriced.ExitCode == 0, unpriced.ToString());
        var known = summary.GetProperty("cost").GetDecimal();
        var unknown = summary.GetProperty("costUnknownRecords").GetInt64();
        Assert.True(known >= 0.0075m, known.ToString(System.Globalization.CultureInfo.InvariantCulture)); // 1000 x 2.5 + 500 x 10, plus the priced title call
        Assert.True(unknown >= 1, unknown.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var key in new[] { "workspace", "chat", "connection", "model", "day", "hour" })
        {
            var result = await _home.RunAsync("usage", "--by", key, "--json");
            var rows = result.Json.GetProperty("breakdown").EnumerateArray().ToList();
            Assert.True(known == rows.Sum(r => r.TryGetProperty("cost", out var c) ? c.GetDecimal() : 0m), key + ": " + result.StdOut);
            Assert.True(unknown == rows.Sum(r => r.GetProperty("costUnknownRecords").GetInt64()), key + ": " + result.StdOut);
        }

        var partial = $"{Formats(known)} + {unknown} unpriced";
        Assert.Contains(byWorkspace.Lines, l => !l.StartsWith("total", StringComparison.Ordinal) && l.EndsWith(partial, StringComparison.Ordinal));
        Assert.Contains(byWorkspace.Lines, l => l.StartsWith("total", StringComparison.Ordinal) && l.EndsWith(partial, StringComparison.Ordinal));
    }

    private static string Formats(decimal usd) => "$" + usd.ToString("#,0.############", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Chat_IsRefusedOnceTheWorkspacesMonthlyBudgetIsSpent_UnlessIgnoreBudget()
    {
        FakeProvider.Answer(_server, _ => FakeResponse.Text("ok").WithUsage(1_000, 0));
        var budget = await _home.RunAsync("workspace", "update", "--monthly-budget", "0.01");
        await _home.RunAsync("usage", "prices", "set", FakeProvider.Model, "--input", "10", "--output", "0");

        var spend = await _home.RunAsync("chat", "spend it");
        var refused = await _home.RunAsync("chat", "one more");
        var anyway = await _home.RunAsync("chat", "--ignore-budget", "one more");
        var show = await _home.RunAsync("workspace", "show");

        Assert.True(budget.ExitCode == 0, budget.ToString());
        Assert.True(spend.ExitCode == 0, spend.ToString());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("monthly budget", refused.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, refused.StdOut);
        Assert.True(anyway.ExitCode == 0, anyway.ToString());
        Assert.Equal("ok\n", anyway.StdOut);
        Assert.Contains(show.Lines, l => l.Contains("Monthly budget", StringComparison.Ordinal) && l.Contains("$0.01", StringComparison.Ordinal));
        Assert.Equal(2, FakeProvider.Turns(_server).Count); // the refused chat never reached the model
    }
}
