using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>One step of a scripted model answer.</summary>
public abstract record Step
{
    public static Step Text(string text) => new TextStep(text);

    public static Step Think(string text) => new ThinkStep(text);

    public static Step Call(string id, string name, IDictionary<string, object?>? args = null) => new CallStep(id, name, args);

    public static Step Usage(long input, long output, long cached = 0, long reasoning = 0) => new UsageStep(input, output, cached, reasoning);

    public static Step Wait(int ms) => new WaitStep(ms);

    public static Step Fail(Exception ex) => new FailStep(ex);

    public static Step Run(Func<Task> action) => new ActionStep(action);
}

public sealed record TextStep(string Value) : Step;

public sealed record ThinkStep(string Value) : Step;

public sealed record CallStep(string Id, string Name, IDictionary<string, object?>? Args) : Step;

public sealed record UsageStep(long Input, long Output, long Cached = 0, long Reasoning = 0) : Step;

public sealed record WaitStep(int Ms) : Step;

public sealed record FailStep(Exception Error) : Step;

public sealed record ActionStep(Func<Task> Action) : Step;

/// <summary>An in-process IChatClient that plays scripted answers, one script per call, and records every request.</summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly ConcurrentQueue<IReadOnlyList<Step>> _scripts = new();

    public ConcurrentQueue<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = new();

    public Func<IReadOnlyList<Step>>? Fallback { get; set; }

    public ScriptedChatClient Enqueue(params Step[] steps)
    {
        _scripts.Enqueue(steps);
        return this;
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(u);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Requests.Enqueue((list, options?.Clone()));
        if (!_scripts.TryDequeue(out var script))
        {
            script = Fallback?.Invoke() ?? throw new InvalidOperationException("The scripted model has no answer left.");
        }

        var finish = ChatFinishReason.Stop;
        foreach (var step in script)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (step)
            {
                case TextStep t:
                    yield return new ChatResponseUpdate(ChatRole.Assistant, t.Value) { ModelId = options?.ModelId };
                    break;
                case ThinkStep r:
                    yield return new ChatResponseUpdate(ChatRole.Assistant, [new TextReasoningContent(r.Value)]);
                    break;
                case CallStep c:
                    finish = ChatFinishReason.ToolCalls;
                    yield return new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent(c.Id, c.Name, c.Args)]);
                    break;
                case UsageStep u:
                    yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = u.Input, OutputTokenCount = u.Output, TotalTokenCount = u.Input + u.Output, CachedInputTokenCount = u.Cached == 0 ? null : u.Cached, ReasoningTokenCount = u.Reasoning == 0 ? null : u.Reasoning })]);
                    break;
                case WaitStep w:
                    await Task.Delay(w.Ms, cancellationToken);
                    break;
                case FailStep f:
                    throw f.Error;
                case ActionStep a:
                    await a.Action();
                    break;
            }
        }

        yield return new ChatResponseUpdate { FinishReason = finish };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

/// <summary>Hands the same scripted client to every connection and model.</summary>
public sealed class ScriptedFactory(ScriptedChatClient client) : ILlmClientFactory
{
    public List<(string Connection, string Model)> Created { get; } = [];

    public IChatClient CreateClient(LlmConnection connection, LlmConnectionSecrets secrets, string modelId)
    {
        lock (Created)
        {
            Created.Add((connection.Name, modelId));
        }

        return client;
    }

    public Task<IReadOnlyList<LlmModel>> ListModelsAsync(LlmConnection connection, LlmConnectionSecrets secrets, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LlmModel>>([new LlmModel { Id = "scripted" }]);
}
