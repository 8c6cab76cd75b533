using Nexo.Testing;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>A server process with a workspace and chat whose LLM connection is a scripted fake OpenAI server on 127.0.0.1.</summary>
public sealed class TurnFixture : IAsyncDisposable
{
    private TurnFixture(ServerProcess server, FakeOpenAIServer provider, string workspaceId, string chatId, string connectionId)
    {
        Server = server;
        Provider = provider;
        WorkspaceId = workspaceId;
        ChatId = chatId;
        ConnectionId = connectionId;
    }

    public ServerProcess Server { get; }

    public FakeOpenAIServer Provider { get; }

    public string WorkspaceId { get; }

    public string ChatId { get; }

    public string ConnectionId { get; }

    public static async Task<TurnFixture> StartAsync()
    {
        var provider = await FakeOpenAIServer.StartAsync();
        provider.Models.Add("fake-model");
        var server = await ServerProcess.StartInitializedAsync();
        var connection = await server.CallAsync("create_llm_connection", new
        {
            name = "fake",
            provider = "openai-compatible",
            baseUrl = provider.BaseUrl,
            apiKey = "sk-test",
            models = new[] { new { id = "fake-model" } },
            defaultModel = "fake-model",
        });
        var workspace = await server.CallAsync("create_workspace", new { name = "turns" });
        await server.CallAsync("save_workspace_settings", new { workspaceId = (string)workspace["id"]!, llmConnectionId = (string)connection["id"]!, streamEnabled = true });
        var chat = await server.CallAsync("create_chat", new { workspaceId = (string)workspace["id"]!, title = "Turn test" });
        return new TurnFixture(server, provider, (string)workspace["id"]!, (string)chat["id"]!, (string)connection["id"]!);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
