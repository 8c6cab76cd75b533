namespace Nexo.JsonRpcServer.Contract;

/// <summary>The result of a command that deletes several records.</summary>
public sealed record DeletedCountResult
{
    /// <summary>How many records were deleted.</summary>
    public int Deleted { get; init; }
}

/// <summary>The result of <c>cancel_message</c>.</summary>
public sealed record CancelMessageResult
{
    /// <summary>Whether a turn was running (it ends with <c>message-cancelled</c> and its <c>send_message</c> returns with stop reason <c>cancelled</c>).</summary>
    public bool Cancelled { get; init; }
}

/// <summary>The result of <c>generate_chat_title</c>.</summary>
public sealed record GenerateChatTitleResult
{
    /// <summary>The stored title (also announced with <c>chat-updated</c>).</summary>
    public required string Title { get; init; }
}

/// <summary>The result of <c>export_chat</c>.</summary>
public sealed record ExportChatResult
{
    /// <summary>The exported document's text.</summary>
    public required string Content { get; init; }
}
