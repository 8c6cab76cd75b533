using Nexo.Testing;

namespace Nexo.Cli.Tests;

/// <summary>A fake OpenAI-compatible server stored as the home's default connection.</summary>
internal static class FakeProvider
{
    public const string Model = "fake-model";
    private const string TitleMarker = "You write short chat titles";

    /// <summary>Starts a fake server and adds it to the home as connection <c>fake</c> (the default).</summary>
    public static async Task<FakeOpenAIServer> StartAsync(NexoHome home)
    {
        var server = await FakeOpenAIServer.StartAsync();
        await using var nexo = await home.OpenAsync();
        await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "fake",
            Provider = LlmProviderKind.OpenAICompatible,
            BaseUrl = server.BaseUrl,
            ApiKey = "sk-fake",
            DefaultModel = Model,
        });
        Answer(server, _ => FakeResponse.Text("OK"));
        return server;
    }

    /// <summary>
    /// Scripts the answers. The engine asks for a chat title in the background at the same time as the first answer,
    /// so answers are chosen per request rather than queued.
    /// </summary>
    public static void Answer(FakeOpenAIServer server, Func<RecordedRequest, FakeResponse> answer) =>
        server.Responder = r => r.Body.Contains(TitleMarker, StringComparison.Ordinal) ? FakeResponse.Text("Fake title") : answer(r);

    /// <summary>The chat requests, without the title requests.</summary>
    public static IReadOnlyList<RecordedRequest> Turns(FakeOpenAIServer server) =>
        server.ChatRequests.Where(r => !r.Body.Contains(TitleMarker, StringComparison.Ordinal)).ToList();
}
