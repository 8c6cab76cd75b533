using Nexo.Sdk.Tests.Llm;
using Nexo.Testing;

namespace Nexo.Sdk.Tests.Security;

/// <summary>Issue 12, item 3: a provider that echoes the connection's API key or headers in an error never gets them stored or emitted.</summary>
public sealed class LlmSecretRedactionTests
{
    private const string ApiKey = "sk-live-abcdef1234567890";
    private const string OrgToken = "org-token-99887766";

    public static TheoryData<string> Providers => new() { "openai", "anthropic", "ollama" };

    private static string Echo => $"Incorrect API key provided: {ApiKey} (organization header {OrgToken}).";

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AProviderEchoingTheKeyIn401_LeavesItOutOfTheStoredErrorTheEventAndTheThrownError(string kind)
    {
        await using FakeProviderServer server = kind switch
        {
            "openai" => await FakeOpenAIServer.StartAsync(),
            "anthropic" => await FakeAnthropicServer.StartAsync(),
            _ => await FakeOllamaServer.StartAsync(),
        };
        var provider = kind switch { "openai" => LlmProviderKind.OpenAICompatible, "anthropic" => LlmProviderKind.Anthropic, _ => LlmProviderKind.Ollama };
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var events = new List<NexoEvent>();
        using var sub = nexo.Events.Subscribe(e => { lock (events) { events.Add(e); } });
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "p",
            Provider = provider,
            BaseUrl = server.BaseUrl,
            ApiKey = ApiKey,
            Headers = new Dictionary<string, string> { ["X-Org-Token"] = OrgToken },
            DefaultModel = "m1",
        });
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "t" });
        server.Enqueue(FakeResponse.Fail(401, Echo));

        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "hi" }));

        Assert.Equal(NexoErrorKind.Llm, ex.Kind);
        Assert.Equal(401, ex.Details["status"]);
        var stored = await nexo.MessageRepository.GetLatestAsync(chat.Id);
        Assert.Equal(MessageStatus.Error, stored!.Status);
        var emitted = Assert.Single(events.OfType<MessageErrorEvent>());
        Assert.Contains("Incorrect API key provided: ***", stored.Error, StringComparison.Ordinal);
        foreach (var text in new[] { ex.ToString(), stored.Error!, emitted.Error, (string)ex.Details["providerMessage"]! })
        {
            Assert.DoesNotContain(ApiKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(OrgToken, text, StringComparison.Ordinal);
        }

        // The key did reach the provider: only the texts are redacted.
        Assert.Contains(server.Requests, r => (r.Header("Authorization") ?? r.Header("x-api-key") ?? string.Empty).Contains(ApiKey, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ModelListingTests.Providers), MemberType = typeof(ModelListingTests))]
    public async Task ListModels_AProviderEchoingTheKey_ThrowsAnErrorWithoutIt(LlmProviderKind provider)
    {
        await using var fx = await ProviderFixture.StartAsync(provider);
        fx.Server.EnqueueModels(FakeResponse.Fail(401, Echo));

        var error = await Assert.ThrowsAsync<NexoException>(() => fx.Factory.ListModelsAsync(
            fx.Connection(),
            new LlmConnectionSecrets { ApiKey = ApiKey, Headers = new Dictionary<string, string> { ["X-Org-Token"] = OrgToken } }));

        Assert.Equal(401, error.Details["status"]);
        Assert.Contains("Incorrect API key provided: ***", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(OrgToken, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, (string)error.Details["providerMessage"]!, StringComparison.Ordinal);
    }
}
