using System.Text.Json.Nodes;
using Nexo.Sdk.Tests.Mcp;
using Nexo.Testing;

namespace Nexo.Sdk.Tests.SlashCommands;

/// <summary>
/// Slash commands end to end: real prompt templates, the real npm <c>server-everything</c> (its prompts simple-prompt,
/// args-prompt, resource-prompt, completable-prompt) and a fake OpenAI server as the model.
/// </summary>
[Collection(NodeServersCollection.Name)]
public sealed class SlashCommandServiceTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private FakeOpenAIServer _model = null!;
    private NexoClient _nexo = null!;
    private McpServer _everything = null!;
    private Workspace _workspace = null!;
    private Chat _chat = null!;

    public async Task InitializeAsync()
    {
        await McpTestEnvironment.EnsureNodeServersAsync();
        _model = await FakeOpenAIServer.StartAsync();
        _nexo = await _db.OpenAsync();
        var connection = await _nexo.Connections.CreateAsync(new NewLlmConnection { Name = "fake", Provider = LlmProviderKind.OpenAI, BaseUrl = _model.BaseUrl, ApiKey = "sk-x", DefaultModel = "gpt-test" });
        _everything = await _nexo.McpServers.CreateAsync(NodeServersFixture.EverythingConfig("everything"));
        _workspace = await _nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        await _nexo.Workspaces.UpdateSettingsAsync(_workspace.Id, new WorkspaceSettingsPatch
        {
            LlmConnectionId = connection.Id,
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { [_everything.Id] = [] },
        });
        _chat = await _nexo.Chats.CreateAsync(new NewChat { WorkspaceId = _workspace.Id, Title = "slash" });
    }

    public async Task DisposeAsync()
    {
        await _nexo.DisposeAsync();
        await _model.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task List_HasTheTemplates_AndThePromptsOfTheServersTheWorkspaceEnables_Only()
    {
        await _nexo.Prompts.CreateAsync(new NewPrompt { Name = "Code review", Content = "Review {{file}} for {{focus}}.", Description = "Reviews a file" });
        var other = await _nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "no servers" });

        var commands = await _nexo.SlashCommands.ListAsync(_workspace.Id);
        var withoutServers = await _nexo.SlashCommands.ListAsync(other.Id);

        var review = Assert.Single(commands, c => c.Source == SlashCommandSource.Template);
        Assert.Equal("Code-review", review.Name);
        Assert.Equal("Reviews a file", review.Description);
        Assert.Equal(["file", "focus"], review.Arguments.Select(a => a.Name));
        Assert.All(review.Arguments, a => Assert.True(a.Required));
        var args = Assert.Single(commands, c => c.Name == "args-prompt");
        Assert.Equal(SlashCommandSource.Mcp, args.Source);
        Assert.Equal(_everything.Id, args.ServerId);
        Assert.Equal("everything", args.ServerName);
        Assert.Equal("everything:args-prompt", args.QualifiedName);
        Assert.Equal([("city", true), ("state", false)], args.Arguments.Select(a => (a.Name, a.Required)));
        Assert.Empty(Assert.Single(commands, c => c.Name == "simple-prompt").Arguments);
        Assert.Equal(commands.Select(c => c.Name).Order(StringComparer.OrdinalIgnoreCase), commands.Select(c => c.Name));
        Assert.Equal(["Code-review"], withoutServers.Select(c => c.Name));
        await NexoAssert.NotFoundAsync("workspace", () => _nexo.SlashCommands.ListAsync("nowhere"));
    }

    [Fact]
    public async Task Names_QualifyCollidingMcpPrompts_KeepTemplatesBare_AndSkipNamesWithoutAWord()
    {
        var second = await _nexo.McpServers.CreateAsync(NodeServersFixture.EverythingConfig("second one"));
        await _nexo.Workspaces.UpdateSettingsAsync(_workspace.Id, new WorkspaceSettingsPatch
        {
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { [_everything.Id] = [], [second.Id] = [] },
        });
        await _nexo.Prompts.CreateAsync(new NewPrompt { Name = "SIMPLE-prompt", Content = "mine" });
        await _nexo.Prompts.CreateAsync(new NewPrompt { Name = "simple/prompt", Content = "also mine" });
        await _nexo.Prompts.CreateAsync(new NewPrompt { Name = "???", Content = "no word" });

        var commands = await _nexo.SlashCommands.ListAsync(_workspace.Id);

        Assert.Equal(["SIMPLE-prompt", "simple-prompt-2"], commands.Where(c => c.Source == SlashCommandSource.Template).Select(c => c.Name));
        Assert.Equal(
            ["everything:args-prompt", "everything:simple-prompt", "second-one:args-prompt", "second-one:simple-prompt"],
            commands.Where(c => c.Source == SlashCommandSource.Mcp && c.PromptName is "args-prompt" or "simple-prompt").Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(second.Id, SlashCommandService.Find(commands, "/Second-One:simple-prompt")!.ServerId);
        Assert.Equal(commands.Count, commands.Select(c => c.Name.ToUpperInvariant()).Distinct().Count());
    }

    [Fact]
    public async Task RunningAnMcpPrompt_SendsItsTextAsTheUsersTurn()
    {
        _model.Enqueue(FakeResponse.Text("Sunny."));

        var result = await _nexo.SlashCommands.RunAsync(new RunSlashCommandRequest
        {
            ChatId = _chat.Id,
            Name = "/args-prompt",
            Arguments = new Dictionary<string, string> { ["city"] = "Paris", ["state"] = "TX" },
        });

        Assert.Equal("Sunny.", result.AssistantMessage.Content);
        var user = Assert.Single(await _nexo.Messages.GetActiveBranchAsync(_chat.Id), m => m.Role == MessageRole.User);
        Assert.Equal(result.UserMessageId, user.Id);
        Assert.Equal("What's weather in Paris, TX?", user.Content);
        var record = JsonNode.Parse(user.Metadata!.Value.GetRawText())!["slashCommand"]!;
        Assert.Equal("mcp", record["source"]!.GetValue<string>());
        Assert.Equal(_everything.Id, record["serverId"]!.GetValue<string>());
        Assert.Equal("Paris", record["arguments"]!["city"]!.GetValue<string>());
        var sent = _model.LastChatRequest.Json!["messages"]!.AsArray().Last()!;
        Assert.Equal("user", sent["role"]!.GetValue<string>());
        Assert.Equal("What's weather in Paris, TX?", sent["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunningAnMcpPromptWithEmbeddedResources_SendsTheirText_TextAndBinary()
    {
        _model.Enqueue(FakeResponse.Text("one"), FakeResponse.Text("two"));

        var text = await _nexo.SlashCommands.RenderAsync(new RunSlashCommandRequest
        {
            ChatId = _chat.Id,
            Name = "resource-prompt",
            Arguments = new Dictionary<string, string> { ["resourceType"] = "Text", ["resourceId"] = "1" },
        });
        var blob = await _nexo.SlashCommands.RunAsync(new RunSlashCommandRequest
        {
            ChatId = _chat.Id,
            Name = "everything:resource-prompt",
            Arguments = new Dictionary<string, string> { ["resourceType"] = "Blob", ["resourceId"] = "2" },
        });

        Assert.StartsWith("This prompt includes the Text resource with id: 1. Please analyze the following resource:\n\nResource 1: This is a plaintext resource", text.Content, StringComparison.Ordinal);
        Assert.Null(text.Files);
        var user = (await _nexo.Messages.GetAsync(blob.UserMessageId)).Content;
        Assert.Contains("Resource 2: This is a base64 blob", user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunningATemplate_RendersItsVariables_AndKeepsTheTurnsOptions()
    {
        await _nexo.Prompts.CreateAsync(new NewPrompt { Name = "translate", Content = "Translate '{{text}}' into {{language}}." });
        _model.Enqueue(FakeResponse.Text("Bonjour"));

        var result = await _nexo.SlashCommands.RunAsync(new RunSlashCommandRequest
        {
            ChatId = _chat.Id,
            Name = "Translate",
            Arguments = new Dictionary<string, string> { ["text"] = "Hello", ["language"] = "French" },
            SelectedModel = "other-model",
        });

        Assert.Equal("Translate 'Hello' into French.", (await _nexo.Messages.GetAsync(result.UserMessageId)).Content);
        Assert.Equal("other-model", _model.LastChatRequest.Model);
        Assert.Contains("Translate 'Hello' into French.", _model.LastChatRequest.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadCommandsAndArguments_AreClearErrors_AndStoreNothing()
    {
        await _nexo.Prompts.CreateAsync(new NewPrompt { Name = "translate", Content = "Translate '{{text}}' into {{language}}." });

        await NexoAssert.NotFoundAsync("slash command", () => Run("nothing-like-it", []));
        var missing = await NexoAssert.ValidationAsync("arguments", () => Run("args-prompt", new() { ["state"] = "TX" }));
        var unknown = await NexoAssert.ValidationAsync("arguments", () => Run("args-prompt", new() { ["city"] = "Paris", ["country"] = "FR" }));
        var template = await NexoAssert.ValidationAsync("arguments", () => Run("translate", new() { ["text"] = "Hi" }));
        await NexoAssert.ValidationAsync("arguments", () => Run("simple-prompt", new() { ["x"] = "1" }));
        await NexoAssert.ThrowsAsync(NexoErrorKind.Mcp, () => Run("resource-prompt", new() { ["resourceType"] = "Video", ["resourceId"] = "1" }));
        await NexoAssert.NotFoundAsync("chat", () => _nexo.SlashCommands.RunAsync(new RunSlashCommandRequest { ChatId = "missing", Name = "simple-prompt" }));

        Assert.Contains("city", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'country'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("language", template.Message, StringComparison.Ordinal);
        Assert.Empty(await _nexo.Messages.GetActiveBranchAsync(_chat.Id));
        Assert.Empty(_model.ChatRequests);
    }

    [Fact]
    public async Task StartTurn_StreamsTheCommandsTurn_LikeASentMessage()
    {
        _model.Enqueue(FakeResponse.Text("Hello ", "there"));

        await using var turn = _nexo.SlashCommands.StartTurn(new RunSlashCommandRequest { ChatId = _chat.Id, Name = "simple-prompt" });
        var chunks = new List<string>();
        await foreach (var e in turn.Events)
        {
            if (e is MessageChunkEvent chunk)
            {
                chunks.Add(chunk.Chunk);
            }
        }

        var result = await turn.Completion;
        Assert.Equal("Hello there", string.Concat(chunks));
        Assert.Equal("This is a simple prompt without arguments.", (await _nexo.Messages.GetAsync(result.UserMessageId)).Content);
    }

    private Task<SendMessageResult> Run(string name, Dictionary<string, string> arguments) =>
        _nexo.SlashCommands.RunAsync(new RunSlashCommandRequest { ChatId = _chat.Id, Name = name, Arguments = arguments });
}
