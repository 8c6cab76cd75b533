using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Nexo.Samples.Tests;

/// <summary>One Nexo client with the sample MCP server registered, shared by the tests of a class.</summary>
public sealed class SampleMcpServerFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nexo-mcp-sample-test-").FullName;

    public NexoClient Nexo { get; private set; } = null!;

    public McpServer Server { get; private set; } = null!;

    public static NewMcpServer Config() =>
        new() { Name = "sample-tools", Transport = McpTransportKind.Stdio, Command = "dotnet", Args = [Samples.McpServerDll] };

    public async Task InitializeAsync()
    {
        Nexo = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = Path.Combine(_folder, "nexo.db") });
        Server = await Nexo.McpServers.CreateAsync(Config());
    }

    public async Task DisposeAsync()
    {
        await Nexo.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>The sample MCP server through Nexo's MCP host, as the other samples use it.</summary>
public sealed class McpServerSampleTests(SampleMcpServerFixture fixture) : IClassFixture<SampleMcpServerFixture>
{
    [Fact]
    public async Task Server_OffersTimeNowWordCountAndRollDiceWithDescriptions()
    {
        var tools = await fixture.Nexo.Mcp.TestConnectionAsync(SampleMcpServerFixture.Config());

        Assert.Equal(["roll_dice", "time_now", "word_count"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
    }

    [Theory]
    [InlineData("one two  three", "3 words, 1 line, 14 characters")]
    [InlineData("first line\nsecond", "3 words, 2 lines, 17 characters")]
    [InlineData("", "0 words, 0 lines, 0 characters")]
    public async Task WordCount_CountsWordsLinesAndCharacters(string text, string expected)
    {
        var result = await CallAsync("word_count", new { text });

        Assert.False(result.IsError, result.Text);
        Assert.Equal(expected, result.Text);
    }

    [Fact]
    public async Task RollDice_ReturnsEachRollWithinTheSidesAndTheirTotal()
    {
        var result = await CallAsync("roll_dice", new { count = 5, sides = 4 });

        Assert.False(result.IsError, result.Text);
        var match = System.Text.RegularExpressions.Regex.Match(result.Text, @"^(\d+(?:, \d+)*) \(total (\d+)\)$");
        Assert.True(match.Success, result.Text);
        var rolls = match.Groups[1].Value.Split(", ").Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, rolls.Count);
        Assert.All(rolls, r => Assert.InRange(r, 1, 4));
        Assert.Equal(rolls.Sum(), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task RollDice_OutsideTheLimits_IsAToolErrorThatSaysWhy()
    {
        var result = await CallAsync("roll_dice", new { count = 500 });

        Assert.True(result.IsError);
        Assert.Contains("Roll 1 to 100 dice", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeNow_WithoutAZone_ReturnsTheCurrentUtcTime()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var result = await CallAsync("time_now", new { });
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        Assert.False(result.IsError, result.Text);
        Assert.EndsWith("Z", result.Text, StringComparison.Ordinal);
        Assert.InRange(DateTimeOffset.Parse(result.Text, CultureInfo.InvariantCulture), before, after);
    }

    [Fact]
    public async Task TimeNow_InAZone_ReturnsThatZonesOffset()
    {
        var result = await CallAsync("time_now", new { timeZone = "Asia/Tokyo" });

        Assert.False(result.IsError, result.Text);
        Assert.EndsWith("+09:00", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeNow_InAnUnknownZone_IsAToolErrorThatNamesIt()
    {
        var result = await CallAsync("time_now", new { timeZone = "Mars/Olympus" });

        Assert.True(result.IsError);
        Assert.Contains("Unknown time zone 'Mars/Olympus'", result.Text, StringComparison.Ordinal);
    }

    private Task<McpToolResult> CallAsync(string tool, object arguments) =>
        fixture.Nexo.Mcp.CallToolAsync(fixture.Server.Id, tool, JsonSerializer.SerializeToElement(arguments));
}
