namespace Nexo.Sdk.Tests.Mcp;

public sealed class McpToolNamingTests
{
    private const string Pattern = "^[a-zA-Z0-9_-]{1,64}$";

    [Theory]
    [InlineData("read_file", "read_file")]
    [InlineData("get-sum", "get-sum")]
    [InlineData("get weather.now", "get_weather_now")]
    [InlineData("3d-render", "_3d-render")]
    [InlineData("ツール", "___")]
    [InlineData("", "tool")]
    public void Sanitize_KeepsSafeCharactersAndReplacesTheRest(string name, string expected) =>
        Assert.Equal(expected, McpToolNaming.Sanitize(name));

    [Fact]
    public void Assign_UniqueNamesStayAsTheyAre()
    {
        var names = McpToolNaming.Assign([("s1", "Files", "read_file"), ("s2", "Web", "fetch"), ("s2", "Web", "search.web")]);

        Assert.Equal(["read_file", "fetch", "search_web"], names);
    }

    [Fact]
    public void Assign_SameNameOnTwoServers_PrefixesBothWithTheirServerNames()
    {
        var names = McpToolNaming.Assign([("s1", "Brave Search", "search"), ("s2", "google", "Search"), ("s2", "google", "images")]);

        Assert.Equal(["Brave_Search__search", "google__Search", "images"], names);
    }

    [Fact]
    public void Assign_ServerNamesThatSanitiseAlike_StillUnique()
    {
        var tools = new List<(string, string, string)> { ("s1", "a.b", "x"), ("s2", "a b", "x"), ("s3", "a_b", "x"), ("s4", "z", "a_b__x") };

        var names = McpToolNaming.Assign(tools);

        Assert.Equal(4, names.Select(n => n.ToLowerInvariant()).Distinct().Count());
        Assert.All(names, n => Assert.Matches(Pattern, n));
        Assert.Equal(names, McpToolNaming.Assign(tools));
    }

    [Fact]
    public void Assign_LongNames_AreCutWithAHashAndStayUnique()
    {
        var longName = new string('t', 100);
        var tools = new List<(string, string, string)> { ("s1", "one", longName), ("s1", "one", longName + "2"), ("s2", new string('s', 80), "x"), ("s3", "other", "x") };

        var names = McpToolNaming.Assign(tools);

        Assert.All(names, n => Assert.Matches(Pattern, n));
        Assert.Equal(4, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Matches("^t+_[0-9a-f]{8}$", names[0]);
        Assert.Equal("other__x", names[3]);
        Assert.Equal(names, McpToolNaming.Assign(tools));
    }

    [Fact]
    public void ResolveModelName_FindsExactThenUnambiguousCaseInsensitiveMatches()
    {
        var schema = System.Text.Json.JsonDocument.Parse("{}").RootElement;
        WorkspaceTool Tool(string model, string server) =>
            new() { ToolId = server + "/t", ModelName = model, ServerId = server, ServerName = server, ToolName = "t", InputSchema = schema };
        var tools = new[] { Tool("read", "a"), Tool("Write", "b"), Tool("write", "c") };

        Assert.Equal("a", McpHost.ResolveModelName(tools, "read")!.ServerId);
        Assert.Equal("a", McpHost.ResolveModelName(tools, "READ")!.ServerId);
        Assert.Equal("b", McpHost.ResolveModelName(tools, "Write")!.ServerId);
        Assert.Null(McpHost.ResolveModelName(tools, "WRITE"));
        Assert.Null(McpHost.ResolveModelName(tools, "delete"));
    }
}
