namespace Nexo.Sdk.Tests.Mcp;

/// <summary>One database and Nexo client whose MCP host runs the C# test server; shared by a collection to keep it fast.</summary>
public sealed class CSharpServerFixture : IAsyncLifetime
{
    private readonly TempDatabase _db = new();

    public NexoClient Nexo { get; private set; } = null!;

    /// <summary>A server every test may use; tests that break a server (crash, timeout) add their own.</summary>
    public McpServer Server { get; private set; } = null!;

    public string Folder => _db.Folder;

    public Task<McpServer> AddServerAsync(string name, int timeoutSeconds = 30, IReadOnlyDictionary<string, string>? env = null, params string[] args) =>
        Nexo.McpServers.CreateAsync(McpTestEnvironment.CSharpServer(name, timeoutSeconds, env, args));

    public async Task<Workspace> AddWorkspaceAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> tools, string? rootPath = null)
    {
        var workspace = await Nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "ws-" + Guid.NewGuid().ToString("N")[..8], RootPath = rootPath });
        await Nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch { McpToolIds = tools });
        return workspace;
    }

    public async Task InitializeAsync()
    {
        Nexo = await _db.OpenAsync();
        Server = await AddServerAsync("test server");
    }

    public async Task DisposeAsync()
    {
        await Nexo.DisposeAsync();
        await _db.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class CSharpServerCollection : ICollectionFixture<CSharpServerFixture>
{
    public const string Name = "C# MCP test server";
}
