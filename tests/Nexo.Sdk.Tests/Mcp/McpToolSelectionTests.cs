using System.Text.Json;

namespace Nexo.Sdk.Tests.Mcp;

public sealed class McpToolSelectionTests
{
    [Fact]
    public void Normalize_NexoForm_KeepsServerToToolNames()
    {
        var map = Normalize("""{"srv-1": ["read", "write", "read", ""], "srv-2": []}""");

        Assert.Equal(["read", "write"], map["srv-1"]);
        Assert.Empty(map["srv-2"]);
    }

    [Fact]
    public void Normalize_OriginalForm_GroupsToolNamesByServer()
    {
        var map = Normalize("""{"read_file": "1700000000000", "write_file": "1700000000000", "search": "1700000000001"}""");

        Assert.Equal(["read_file", "write_file"], map["1700000000000"]);
        Assert.Equal(["search"], map["1700000000001"]);
    }

    [Fact]
    public void Normalize_TheOriginalsJsonTextAndToolIdArrays_AreRead()
    {
        var fromText = Normalize(JsonSerializer.Serialize("""{"echo": "srv"}"""));
        var fromIds = Normalize("""["srv/echo", "srv/add", "other/path/with/slash"]""");
        var mixed = Normalize("""{"srv": ["echo"], "add": "srv"}""");

        Assert.Equal(["echo"], fromText["srv"]);
        Assert.Equal(["echo", "add"], fromIds["srv"]);
        Assert.Equal(["path/with/slash"], fromIds["other"]);
        Assert.Equal(["echo", "add"], mixed["srv"]);
    }

    [Fact]
    public void Normalize_NothingSelected_IsEmpty()
    {
        Assert.Empty(Normalize("null"));
        Assert.Empty(Normalize("{}"));
        Assert.Empty(Normalize("\"\""));
        Assert.Empty(McpToolSelection.Normalize(default));
    }

    [Theory]
    [InlineData("42")]
    [InlineData("""{"srv": 5}""")]
    [InlineData("""{"srv": [1]}""")]
    [InlineData("""["no-slash"]""")]
    [InlineData("\"{not json\"")]
    public void Normalize_OtherShapes_ValidationError(string json)
    {
        var ex = Assert.Throws<NexoException>(() => Normalize(json));

        Assert.Equal(NexoErrorKind.Validation, ex.Kind);
        Assert.Equal("mcpToolIds", ex.Details["field"]);
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Normalize(string json) =>
        McpToolSelection.Normalize(JsonDocument.Parse(json).RootElement);
}
