namespace Nexo.Chats;

/// <summary>Small chat-row updates the parts of a turn share.</summary>
internal static class ChatRows
{
    /// <summary>Makes <paramref name="messageId"/> the chat's active message (the leaf of the branch it shows).</summary>
    public static async Task SetActiveMessageAsync(this IChatRepository chats, string chatId, string messageId, CancellationToken io)
    {
        var chat = await chats.GetAsync(chatId, io).ConfigureAwait(false);
        if (chat is not null)
        {
            await chats.UpdateAsync(chat with { ActiveMessageId = messageId }, io).ConfigureAwait(false);
        }
    }

    /// <summary>Updates the chat's preview and time after a turn and publishes <see cref="ChatUpdatedEvent"/>.</summary>
    public static async Task TouchAsync(this IChatRepository chats, TimeProvider time, string chatId, Message last, Action<ChatEvent> emit, CancellationToken io)
    {
        var chat = await chats.GetAsync(chatId, io).ConfigureAwait(false);
        if (chat is null)
        {
            return;
        }

        var preview = last.Content.Length > 0 ? Preview(last.Content) : chat.LastMessage;
        var updated = chat with { LastMessage = preview, UpdatedAt = time.UtcNowMs() };
        await chats.UpdateAsync(updated, io).ConfigureAwait(false);
        emit(new ChatUpdatedEvent { ChatId = chatId, Title = updated.Title, LastMessage = updated.LastMessage, UpdatedAt = updated.UpdatedAt });
    }

    internal static string Preview(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 100 ? flat : string.Concat(flat.AsSpan(0, 100), "…");
    }
}
