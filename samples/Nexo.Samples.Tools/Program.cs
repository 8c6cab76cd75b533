using System.ComponentModel;
using Microsoft.Extensions.AI;
using Nexo;

// Usage: dotnet run --project samples/Nexo.Samples.Tools [-- CITY]
// A C# function becomes a tool the model can call; Nexo asks before it runs (ask mode), this program says yes.
var city = args.Length > 0 ? args[0] : "Paris";
var modelCalls = 0;
var weather = AIFunctionFactory.Create(
    ([Description("The city to look up")] string city) =>
    {
        var context = ToolCallContext.Current!; // which chat and call this runs for; progress becomes events
        context.ReportProgress(1, 1, $"looked up {city}");
        return $"Sunny and 21 °C in {city}";
    },
    "weather",
    "Tells the current weather of a city");

var folder = Directory.CreateTempSubdirectory("nexo-tools-sample-").FullName;
await using var nexo = await NexoClient.OpenAsync(new NexoOptions
{
    DatabasePath = Path.Combine(folder, "nexo.db"),
    Tools = { weather },

    // Middleware around every model client, whatever the provider: here a counter; in a real host
    // b.UseOpenTelemetry().UseLogging() and the like.
    ConfigureChatClient = b => b.Use((messages, options, next, cancellationToken) =>
    {
        Interlocked.Increment(ref modelCalls);
        return next(messages, options, cancellationToken);
    }),
});

// The offline echo provider calls a tool when a line reads `/tool NAME {json}`, then reports what the tool returned.
var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "echo", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost" });
var workspace = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "tools sample" });
await nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id, ToolPermissionMode = ToolPermissionMode.Ask });
var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id, Title = "weather" });

var content = $$"""/tool weather {"city":"{{city}}"}""";
Console.WriteLine($"> {content}");
await foreach (var e in nexo.Chats.StreamMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = content }))
{
    switch (e)
    {
        case ToolPermissionRequestEvent ask:
            Console.WriteLine($"[permission] {string.Join(", ", ask.ToolCalls.Select(c => $"{c.Name} {c.Arguments}"))} → allowed");
            await nexo.Chats.RespondToolPermissionAsync(new ToolPermissionResponse { MessageId = ask.MessageId, Approved = true });
            break;
        case ToolExecutionProgressEvent { Status: "progress" } progress: Console.WriteLine($"[progress] {progress.ToolName}: {progress.ProgressMessage}"); break;
        case ToolExecutionProgressEvent { Status: "completed" } done: Console.WriteLine($"[tool result] {done.ToolName}: {done.Result}"); break;
        case MessageChunkEvent chunk: Console.Write(chunk.Chunk); break;
        case MessageErrorEvent error: Console.Error.WriteLine($"[error] {error.Error}"); break;
    }
}

Console.WriteLine();
var roles = (await nexo.Messages.GetActiveBranchAsync(chat.Id)).Select(m => m.Role.ToString().ToLowerInvariant());
Console.WriteLine($"[stored] {string.Join(", ", roles)}");
Console.WriteLine($"[middleware] {modelCalls} model calls");
