using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Nexo.Samples.AspNetCore;

/// <summary>Turns a chat turn's events into Server-Sent Events.</summary>
public sealed class ChatStream
{
    /// <summary>The last event of every stream, so the browser knows the turn is over (EventSource reconnects otherwise).</summary>
    public const string EndEvent = "turn-end";

    /// <summary>Sent instead of the remaining events when the turn cannot start or fails (busy chat, no model…).</summary>
    public const string ErrorEvent = "turn-error";

    private ChatStream()
    {
    }

    /// <summary>
    /// Runs the turn and yields one <see cref="SseItem{T}"/> per event: the event type is the Nexo event name
    /// (<c>message-chunk</c>…), the data its JSON payload (<see cref="NexoJson.SerializeEvent"/>).
    /// </summary>
    /// <param name="chats">The chat service.</param>
    /// <param name="request">The message.</param>
    /// <param name="logger">Logs the turn.</param>
    /// <param name="cancellationToken">The request's abort token: a closed connection cancels the turn.</param>
    public static async IAsyncEnumerable<SseItem<string>> Events(
        ChatService chats,
        SendMessageRequest request,
        ILogger<ChatStream> logger,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        logger.LogInformation("Turn started in chat {ChatId}", request.ChatId);
        var count = 0;
        await using var events = chats.StreamMessageAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            string? failure = null;
            try
            {
                if (!await events.MoveNextAsync())
                {
                    break;
                }
            }
            catch (NexoException e)
            {
                logger.LogWarning("Turn in chat {ChatId} failed: {Kind}: {Message}", request.ChatId, e.Kind, e.Message);
                failure = JsonSerializer.Serialize(new { kind = e.Kind.ToString(), error = e.Message }, NexoJson.Options);
            }

            if (failure is not null)
            {
                yield return new SseItem<string>(failure, ErrorEvent);
                break;
            }

            count++;
            yield return new SseItem<string>(NexoJson.SerializeEvent(events.Current), events.Current.EventName);
        }

        logger.LogInformation("Turn in chat {ChatId} ended after {Count} events", request.ChatId, count);
        yield return new SseItem<string>("{}", EndEvent);
    }
}
