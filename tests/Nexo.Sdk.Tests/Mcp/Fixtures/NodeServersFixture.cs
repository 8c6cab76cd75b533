namespace Nexo.Sdk.Tests.Mcp;

/// <summary>The npm MCP servers (installed on demand) and a Nexo client that uses them.</summary>
public sealed class NodeServersFixture : IAsyncLifetime
{
    private readonly TempDatabase _db = new();

    public NexoClient Nexo { get; private set; } = null!;

    public McpServer Everything { get; private set; } = null!;

    public string Folder => _db.Folder;

    public static NewMcpServer EverythingConfig(string name, IReadOnlyDictionary<string, string>? env = null) => new()
    {
        Name = name,
        Transport = McpTransportKind.Stdio,
        Command = "node",
        Args = [McpTestEnvironment.EverythingScript, "stdio"],
        Env = env,
    };

    public static NewMcpServer FilesystemConfig(string name, string directory, IReadOnlyDictionary<string, string>? env = null) => new()
    {
        Name = name,
        Transport = McpTransportKind.Stdio,
        Command = "node",
        Args = [McpTestEnvironment.FilesystemScript, directory],
        Env = env,
    };

    public async Task InitializeAsync()
    {
        await McpTestEnvironment.EnsureNodeServersAsync();
        Nexo = await _db.OpenAsync();
        Everything = await Nexo.McpServers.CreateAsync(EverythingConfig("everything"));
    }

    public async Task DisposeAsync()
    {
        await Nexo.DisposeAsync();
        await _db.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class NodeServersCollection : ICollectionFixture<NodeServersFixture>
{
    public const string Name = "npm MCP servers";
}
