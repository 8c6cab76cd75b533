using Microsoft.AspNetCore.Mvc;
using Nexo;
using Nexo.Samples.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// Logging: every log line goes to stderr; levels come from the "Logging" section of appsettings.json.
builder.Logging.ClearProviders();
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

// Options: the "Nexo" section (appsettings.json, Nexo__… environment variables, --Nexo:… arguments).
var section = builder.Configuration.GetSection(SampleOptions.Section);
builder.Services.AddOptions<SampleOptions>().Bind(section);
// The store: --db (a SQLite file, or PostgreSQL as postgres://… or Host=…;Database=…), else Nexo:DatabasePath. Several
// instances started with the same PostgreSQL --db (and NEXO_ENCRYPTION_KEY) share chats, live turns and cancels.
var store = NexoStoreLocation.Parse(builder.Configuration["db"] ?? (section.Get<SampleOptions>() ?? new SampleOptions()).ResolveDatabasePath());

// Nexo with DI: one NexoClient for the app, its services (ChatService…) injectable, logging from the host's ILoggerFactory.
builder.Services.AddNexo(o => o.UseStore(store));
builder.Services.AddSingleton<SampleWorkspace>();

var app = builder.Build();
await app.Services.GetRequiredService<SampleWorkspace>().EnsureAsync();

// Nexo's errors as HTTP statuses (before a response has started; a running stream reports them as events).
app.Use(async (context, next) =>
{
    try
    {
        await next(context);
    }
    catch (NexoException e) when (!context.Response.HasStarted)
    {
        context.Response.StatusCode = e.Kind switch
        {
            NexoErrorKind.NotFound => StatusCodes.Status404NotFound,
            NexoErrorKind.Validation => StatusCodes.Status400BadRequest,
            NexoErrorKind.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status500InternalServerError,
        };
        await context.Response.WriteAsJsonAsync(new { kind = e.Kind.ToString(), error = e.Message });
    }
});

app.UseDefaultFiles();
app.UseStaticFiles();

// POST /chats {"title": "…"} → 201 {"id": "…", "title": "…"}: a new chat in the sample's workspace.
app.MapPost("/chats", async ([FromBody] CreateChatRequest? body, SampleWorkspace workspace, ChatService chats, CancellationToken cancellationToken) =>
{
    var chat = await chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id, Title = body?.Title }, cancellationToken);
    return TypedResults.Created($"/chats/{chat.Id}", new CreateChatResponse(chat.Id, chat.Title));
});

// GET /chats/{id}/stream?message=… → text/event-stream: one SSE event per turn event, named as Nexo names it
// (message-chunk, tool-execution-progress, message-complete…), then turn-end. Closing the connection cancels the turn.
app.MapGet("/chats/{id}/stream", async (string id, string? message, ChatService chats, ILogger<ChatStream> logger, CancellationToken cancellationToken) =>
{
    if (string.IsNullOrWhiteSpace(message))
    {
        return Results.BadRequest(new { kind = nameof(NexoErrorKind.Validation), error = "The query parameter 'message' is required." });
    }

    await chats.GetAsync(id, cancellationToken); // 404 for an unknown chat, before the stream starts
    var turn = ChatStream.Events(chats, new SendMessageRequest { ChatId = id, Content = message }, logger, cancellationToken);
    return TypedResults.ServerSentEvents(turn);
});

// GET /chats/{id}/messages → the chat's messages, oldest first: the history any instance sharing the store reads alike.
app.MapGet("/chats/{id}/messages", async (string id, MessageService messages, CancellationToken cancellationToken) =>
    (await messages.ListAsync(id, cancellationToken: cancellationToken)).Select(m => new MessageView(m.Id, m.Role.ToString(), m.Content, m.Status.ToString())));

// POST /chats/{id}/cancel → {"cancelled": true|false}: stops the chat's running turn, on this instance or on another one
// sharing the store (its partial answer is kept).
app.MapPost("/chats/{id}/cancel", async (string id, ChatService chats, CancellationToken cancellationToken) =>
    new CancelResponse(await chats.CancelAsync(id, cancellationToken)));

await app.RunAsync();

/// <summary>A message as <c>GET /chats/{id}/messages</c> lists it.</summary>
/// <param name="Id">The message's id.</param>
/// <param name="Role">user, assistant, tool or system.</param>
/// <param name="Content">Its text.</param>
/// <param name="Status">complete, cancelled, error…</param>
internal sealed record MessageView(string Id, string Role, string Content, string Status);

/// <summary>The answer of <c>POST /chats/{id}/cancel</c>.</summary>
/// <param name="Cancelled">Whether a running turn was asked to stop.</param>
internal sealed record CancelResponse(bool Cancelled);

/// <summary>The body of <c>POST /chats</c>.</summary>
/// <param name="Title">The chat's title; <c>New chat</c> when omitted.</param>
internal sealed record CreateChatRequest(string? Title);

/// <summary>The answer of <c>POST /chats</c>.</summary>
/// <param name="Id">The new chat's id.</param>
/// <param name="Title">Its title.</param>
internal sealed record CreateChatResponse(string Id, string Title);
