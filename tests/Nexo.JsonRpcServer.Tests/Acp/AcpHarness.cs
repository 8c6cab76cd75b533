using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Nexo.JsonRpcServer.Acp;
using Nexo.Sdk.Tests.Chats;

namespace Nexo.JsonRpcServer.Tests.Acp;

/// <summary>In-process tools whose permission and timing the tests control (the MCP host's place in the engine).</summary>
internal sealed class FakeTools
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""{"type":"object","properties":{"x":{"type":"integer"}}}""").RootElement.Clone();

    public ConcurrentQueue<string> Invoked { get; } = new();

    /// <summary>When set, every call waits for it (or for cancellation).</summary>
    public TaskCompletionSource? Block { get; set; }

    /// <summary>Completed when a call starts.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<IReadOnlyList<WorkspaceTool>> GetToolsAsync(string workspaceId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<WorkspaceTool>>([Tool("read_file", "Reads a file"), Tool("delete_file", "Deletes a file")]);

    private WorkspaceTool Tool(string name, string description) => new()
    {
        ToolId = "srv1/" + name, ModelName = name, ServerId = "srv1", ServerName = "Files", ToolName = name, ServerDescription = description, InputSchema = Schema,
        Invoker = async (tool, args, ct) => await InvokeAsync(tool, JsonSerializer.SerializeToElement(args), ct),
    };

    public async Task<string> InvokeAsync(WorkspaceTool tool, JsonElement? arguments, CancellationToken cancellationToken)
    {
        Invoked.Enqueue(tool.ToolName);
        Started.TrySetResult();
        if (Block is not null)
        {
            await Block.Task.WaitAsync(cancellationToken);
        }

        var x = arguments is { } a && a.TryGetProperty("x", out var v) ? v.GetInt32() : 0;
        return $$"""{"tool":"{{tool.ToolName}}","value":{{x * 10}}}""";
    }
}

/// <summary>
/// A real database (the store <see cref="TestStore"/> chooses), a scripted model behind a real connection, in-process tools, and the ACP agent served over
/// in-memory pipes to an <see cref="AcpTestClient"/>.
/// </summary>
public sealed class AcpHarness : IAsyncDisposable
{
    private readonly string _folder;
    private Pipe? _toAgent;
    private Task<int>? _host;
    private Func<string, string?> _environment = _ => null;
    private bool _realMcp;
    private bool _builtinTools;
    private Action<NexoOptions>? _configureNexo;

    private AcpHarness()
    {
        _folder = Path.Combine(Path.GetTempPath(), "nexo-acp-tests", Guid.NewGuid().ToString("N"));
        Project = Path.Combine(_folder, "project");
        Directory.CreateDirectory(Project);
    }

    public ScriptedChatClient Model { get; } = new();

    internal FakeTools Tools { get; } = new();

    public NexoClient Nexo { get; private set; } = null!;

    public AcpTestClient Client { get; private set; } = null!;

    public LlmConnection Connection { get; private set; } = null!;

    /// <summary>The folder sessions are opened in (the workspace root).</summary>
    public string Project { get; }

    /// <summary>The built C# test MCP server.</summary>
    public static string TestMcpServerDll { get; } = Path.GetFullPath(
        typeof(AcpHarness).Assembly.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "TestMcpServerDll").Value!);

    /// <summary>The dotnet host that runs the tests, so the test MCP server runs on the same runtime.</summary>
    public static string DotnetHost { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <param name="withTools">Enables the in-process fake tools in the project's workspace.</param>
    /// <param name="maxIterations">The workspace's maximum agent iterations.</param>
    /// <param name="environment">The environment the agent's <c>nexo-env</c> auth method reads.</param>
    /// <param name="realMcp">Leaves the engine on Nexo's MCP host (client-supplied servers) instead of the fake tools.</param>
    /// <param name="builtinTools">
    /// Runs the agent as <c>nexo acp</c> does by default (session workspaces get the built-in tools); off by default here,
    /// so the fake MCP tools keep their names (<c>read_file</c>).
    /// </param>
    /// <param name="configureNexo">Changes the SDK options of the agent's client (as <c>nexo acp</c> sets <see cref="NexoOptions.WaitForMcpAuthorization"/>).</param>
    public static async Task<AcpHarness> CreateAsync(bool withTools = true, int maxIterations = 10, Func<string, string?>? environment = null, bool realMcp = false, bool builtinTools = false, Action<NexoOptions>? configureNexo = null)
    {
        var h = new AcpHarness { _environment = environment ?? (_ => null), _realMcp = realMcp, _builtinTools = builtinTools, _configureNexo = configureNexo };
        await h.OpenAsync();
        h.Connection = await h.Nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "scripted",
            Provider = LlmProviderKind.OpenAICompatible,
            BaseUrl = "http://127.0.0.1:9",
            DefaultModel = "model-a",
            Models = [new LlmModel { Id = "model-a", ContextWindow = 8192 }, new LlmModel { Id = "model-b", Name = "Model B" }],
        });
        var workspace = await h.Nexo.Workspaces.GetOrCreateForFolderAsync(h.Project);
        await h.Nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch
        {
            McpToolIds = withTools && !realMcp ? new Dictionary<string, IReadOnlyList<string>> { ["srv1"] = ["read_file", "delete_file"] } : null,
            MaxAgentIterations = maxIterations,
        });
        return h;
    }

    /// <summary>Closes the connection and the database, then opens both again (a new agent process on the same store).</summary>
    public async Task RestartAsync()
    {
        await CloseAsync();
        await OpenAsync();
    }

    /// <summary>Opens a session in <see cref="Project"/> after initializing (with the client capabilities of <paramref name="editor"/>, else none).</summary>
    public async Task<string> NewSessionAsync(AcpFakeEditor? editor = null)
    {
        await Client.RequestAsync("initialize", AcpTestClient.Initialize(editor?.Capabilities()));
        var result = await Client.RequestObjectAsync("session/new", new JsonObject { ["cwd"] = Project, ["mcpServers"] = new JsonArray() });
        return (string)result["sessionId"]!;
    }

    public static JsonObject Prompt(string sessionId, string text) => new()
    {
        ["sessionId"] = sessionId,
        ["prompt"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
    };

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        SqliteConnection.ClearAllPools();
        await TestStore.ReleaseAsync(_folder);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task OpenAsync()
    {
        var options = await TestStore.OptionsAsync(_folder);
        options.LlmClientFactory = new ScriptedFactory(Model);
        options.StreamFlushInterval = TimeSpan.FromMilliseconds(10);
        _configureNexo?.Invoke(options);
        Nexo = await NexoClient.OpenAsync(options);
        if (!_realMcp)
        {
            Nexo.Engine.McpTools = Tools.GetToolsAsync;
        }

        _toAgent = new Pipe();
        var fromAgent = new Pipe();
        _host = AcpAgentHost.RunAsync(_toAgent.Reader.AsStream(), fromAgent.Writer.AsStream(), new AcpHostOptions { Client = Nexo, Environment = _environment, BuiltinTools = _builtinTools });
        Client = new AcpTestClient(fromAgent.Reader.AsStream(), _toAgent.Writer.AsStream());
    }

    private async Task CloseAsync()
    {
        if (_host is null)
        {
            return;
        }

        await Client.DisposeAsync();
        await _host.WaitAsync(TimeSpan.FromSeconds(30));
        _host = null;
        await Nexo.DisposeAsync();
    }
}
