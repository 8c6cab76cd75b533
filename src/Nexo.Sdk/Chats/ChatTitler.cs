using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Nexo.Chats;

/// <summary>
/// Titles chats: on request, and in the background after the first exchange of a chat that still has the default title.
/// The model is asked for a short title; when it cannot answer, the first words of the prompt are the title.
/// </summary>
internal sealed class ChatTitler(EngineDependencies d, ModelResolver resolver, UsageRecorder usage, CancellationToken shutdown)
{
    private const string TitleSystemPrompt =
        "You write short chat titles. Reply with a 3 to 6 word title for the user's request. No quotes, no punctuation at the end, nothing else.";

    private readonly ConcurrentDictionary<Task, byte> _background = new();

    public async Task<string> GenerateAsync(string chatId, string? userPrompt, CancellationToken cancellationToken)
    {
        var chat = await d.Chats.GetAsync(Validate.Id(chatId, "chatId"), cancellationToken).ConfigureAwait(false) ?? throw NexoException.NotFound("chat", chatId);
        var prompt = userPrompt;
        if (string.IsNullOrWhiteSpace(prompt))
        {
            var first = (await d.Messages.ListAsync(chat.Id, new MessageQuery { AfterSequence = 0, Limit = 20 }, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(m => m.Role == MessageRole.User);
            prompt = first?.Content ?? throw NexoException.Validation("userPrompt", $"The chat '{chat.Id}' has no user message to title; pass userPrompt.");
        }

        string title;
        try
        {
            var resolved = await resolver.ResolveForWorkspaceAsync(chat.WorkspaceId, null, null, cancellationToken).ConfigureAwait(false);
            var client = await resolver.GetClientAsync(resolved.Connection, resolved.Model, cancellationToken).ConfigureAwait(false);
            title = await AskAsync(client, resolved.Connection, resolved.Model, chat, prompt, cancellationToken).ConfigureAwait(false) ?? FallbackTitle(prompt);
        }
        catch (NexoException ex) when (ex.Kind is NexoErrorKind.NotConfigured or NexoErrorKind.Llm)
        {
            title = FallbackTitle(prompt);
        }

        await SaveAsync(chat.Id, title, cancellationToken).ConfigureAwait(false);
        return title;
    }

    /// <summary>Titles the chat in the background after its first exchange, unless someone titled it meanwhile.</summary>
    public void StartAutoTitle(Chat chat, IChatClient client, LlmConnection connection, string model, string prompt)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                var title = await AskAsync(client, connection, model, chat, prompt, shutdown).ConfigureAwait(false) ?? FallbackTitle(prompt);
                var current = await d.Chats.GetAsync(chat.Id, shutdown).ConfigureAwait(false);
                if (current is not null && string.Equals(current.Title, ChatService.DefaultTitle, StringComparison.Ordinal))
                {
                    await SaveAsync(chat.Id, title, shutdown).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or NexoException)
            {
                EngineLog.BackgroundFailed(d.Logger, ex.Message);
            }
        });
        _background.TryAdd(task, 0);
        task.ContinueWith(t => _background.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Waits for background titles (the engine cancels them when this takes too long).</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_background.Keys);

    internal static string FallbackTitle(string prompt)
    {
        var words = prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(6);
        var title = string.Join(' ', words);
        return title.Length == 0 ? ChatService.DefaultTitle : Truncate(title, 60);
    }

    internal static string? CleanTitle(string? raw)
    {
        var line = raw?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        line = line.Trim().Trim('"', '\'', '*', '#', '`', ' ').TrimEnd('.', '!', ':');
        if (line.StartsWith("Title:", StringComparison.OrdinalIgnoreCase))
        {
            line = line[6..].Trim();
        }

        return line.Length == 0 ? null : Truncate(line, 80);
    }

    private async Task<string?> AskAsync(IChatClient client, LlmConnection connection, string model, Chat chat, string prompt, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var response = await client.GetResponseAsync(
                [new ChatMessage(ChatRole.System, TitleSystemPrompt), new ChatMessage(ChatRole.User, Truncate(prompt, 2000))],
                new ChatOptions { ModelId = model, Temperature = 0.3f, MaxOutputTokens = 30 },
                timeout.Token).ConfigureAwait(false);
            var outcome = new CallOutcome { Usage = response.Usage, LatencyMs = stopwatch.ElapsedMilliseconds, Status = MessageStatus.Complete, ResponseModel = response.ModelId };
            await usage.RecordAsync(chat, chat.Id, connection, model, outcome, false, "title", cancellationToken).ConfigureAwait(false);
            return CleanTitle(response.Text);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            EngineLog.TitleFailed(d.Logger, chat.Id, ex.Message);
            return null;
        }
    }

    private async Task SaveAsync(string chatId, string title, CancellationToken cancellationToken)
    {
        var chat = await d.Chats.GetAsync(chatId, cancellationToken).ConfigureAwait(false);
        if (chat is null)
        {
            return;
        }

        var updated = chat with { Title = title, UpdatedAt = d.Time.UtcNowMs() };
        await d.Chats.UpdateAsync(updated, cancellationToken).ConfigureAwait(false);
        d.Events.Publish(new ChatUpdatedEvent { ChatId = chatId, Title = title, LastMessage = updated.LastMessage, UpdatedAt = updated.UpdatedAt });
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
