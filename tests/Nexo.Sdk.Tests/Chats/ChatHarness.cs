using System.Collections.Concurrent;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>A real database, a scripted model behind a real connection, and a recorder of every event.</summary>
public sealed class ChatHarness : IAsyncDisposable
{
    private readonly TempDatabase _db = new();
    private IDisposable? _subscription;

    public ScriptedChatClient Model { get; } = new();

    public ConcurrentQueue<NexoEvent> Events { get; } = new();

    public NexoClient Nexo { get; private set; } = null!;

    public Workspace Workspace { get; private set; } = null!;

    public LlmConnection Connection { get; private set; } = null!;

    public string DatabasePath => _db.Path_;

    public static async Task<ChatHarness> CreateAsync(Action<NexoOptions>? configure = null)
    {
        var h = new ChatHarness();
        var options = h._db.Options;
        options.LlmClientFactory = new ScriptedFactory(h.Model);
        options.StreamFlushInterval = TimeSpan.FromMilliseconds(20);
        configure?.Invoke(options);
        h.Nexo = await NexoClient.OpenAsync(options);
        h._subscription = h.Nexo.Events.Subscribe(h.Events.Enqueue);
        h.Workspace = await h.Nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "test" });
        h.Connection = await h.Nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "scripted",
            Provider = LlmProviderKind.OpenAICompatible,
            BaseUrl = "http://127.0.0.1:9",
            DefaultModel = "model-a",
        });
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch { LlmConnectionId = h.Connection.Id });
        return h;
    }

    public Task<Chat> NewChatAsync(string? title = null) => Nexo.Chats.CreateAsync(new NewChat { WorkspaceId = Workspace.Id, Title = title });

    public List<T> EventsOf<T>(string chatId)
        where T : ChatEvent => Events.OfType<T>().Where(e => e.ChatId == chatId).ToList();

    public List<string> EventNames(string chatId) => Events.OfType<ChatEvent>().Where(e => e.ChatId == chatId).Select(e => e.EventName).ToList();

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        await Nexo.DisposeAsync();
        await _db.DisposeAsync();
    }
}
