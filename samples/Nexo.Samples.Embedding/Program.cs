using System.Reflection;
using Nexo;

// Usage: dotnet run --project samples/Nexo.Samples.Embedding [-- DATA_FOLDER]
// Without a folder the database goes to a new temporary folder; with one, a second run reuses what the first created.
var folder = args.Length > 0 ? args[0] : Directory.CreateTempSubdirectory("nexo-embedding-").FullName;
await using var nexo = await NexoClient.OpenAsync(new NexoOptions { DatabasePath = Path.Combine(folder, "nexo.db") });

// The offline echo provider needs no key and repeats what it is told; with OPENAI_API_KEY set, OpenAI answers instead.
var apiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
var llm = string.IsNullOrEmpty(apiKey)
    ? new NewLlmConnection { Name = "echo", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost", DefaultModel = "echo" }
    : new NewLlmConnection { Name = "openai", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://api.openai.com/v1", ApiKey = apiKey, DefaultModel = "gpt-4o-mini" };
var connection = (await nexo.Connections.ListAsync()).FirstOrDefault(c => c.Name == llm.Name) ?? await nexo.Connections.CreateAsync(llm);

// The sample MCP server (samples/mcp-server), built next to this sample and started as a child process over stdio.
var serverDll = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "McpServerDll").Value!;
var mcp = (await nexo.McpServers.ListAsync()).FirstOrDefault(s => s.Name == "sample-tools")
    ?? await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "sample-tools", Transport = McpTransportKind.Stdio, Command = "dotnet", Args = [serverDll] });

// A workspace that uses the connection, offers one tool of the server, and runs tools without asking.
var workspace = (await nexo.Workspaces.ListAsync()).FirstOrDefault(w => w.Name == "embedding sample")
    ?? await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "embedding sample" });
await nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch
{
    LlmConnectionId = connection.Id,
    McpToolIds = new Dictionary<string, IReadOnlyList<string>> { [mcp.Id] = ["word_count"] },
    ToolPermissionMode = ToolPermissionMode.AllowAll,
});
var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id, Title = "word count" });

// Echo calls a tool when a line reads `/tool NAME {json}`; a real model is asked in words.
const string Text = "Nexo keeps every chat in SQLite and streams each answer.";
var content = string.IsNullOrEmpty(apiKey) ? $$"""/tool word_count {"text":"{{Text}}"}""" : $"Use the word_count tool on this text, then tell me the result: {Text}";
Console.WriteLine($"[database {nexo.DatabasePath}, model {connection.Name}/{connection.DefaultModel}]");
Console.WriteLine($"> {content}");
await foreach (var e in nexo.Chats.StreamMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = content }))
{
    switch (e)
    {
        case MessageChunkEvent chunk: Console.Write(chunk.Chunk); break;
        case ToolCallsDetectedEvent calls: Console.WriteLine(string.Join("\n", calls.ToolCalls.Select(c => $"[tool call] {c.Name} {c.Arguments}"))); break;
        case ToolExecutionProgressEvent { Status: "completed" } done: Console.WriteLine($"[tool result] {done.ToolName}: {done.Result}"); break;
        case ToolExecutionProgressEvent { Status: "error" or "denied" } failed: Console.WriteLine($"[tool {failed.Status}] {failed.ToolName}: {failed.Error}"); break;
        case MessageErrorEvent error: Console.Error.WriteLine($"[error] {error.Error}"); break;
    }
}

Console.WriteLine();
