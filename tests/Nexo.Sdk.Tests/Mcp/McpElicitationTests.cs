using System.Collections.Concurrent;
using System.Text.Json;
using Nexo.Sdk.Tests.Chats;

namespace Nexo.Sdk.Tests.Mcp;

/// <summary>
/// MCP elicitation end to end with the real npm <c>server-everything</c>: its <c>trigger-elicitation-request</c> tool asks
/// for a form (and is only offered when the client advertises the capability), <c>trigger-url-elicitation</c> for a URL.
/// </summary>
public sealed class McpElicitationTests : IAsyncLifetime
{
    private const string FormTool = "trigger-elicitation-request";
    private const string UrlTool = "trigger-url-elicitation";
    private readonly TempDatabase _db = new();
    private readonly ConcurrentQueue<McpElicitationRequestEvent> _requests = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private NexoClient _nexo = null!;
    private McpServer _everything = null!;

    public async Task InitializeAsync() => await McpTestEnvironment.EnsureNodeServersAsync();

    public async Task DisposeAsync()
    {
        if (_nexo is not null)
        {
            await _nexo.DisposeAsync();
        }

        await _db.DisposeAsync();
    }

    [Fact]
    public async Task FormRequest_IsAnEvent_AndTheAcceptedAnswerReachesTheServer_WithTheSchemaDefaults()
    {
        await OpenAsync(McpElicitationModes.Form);

        var call = _nexo.Mcp.CallToolAsync(_everything.Id, FormTool, null);
        var request = await NextRequestAsync();
        await _nexo.Mcp.RespondToElicitationAsync(Answer(request, McpElicitationAction.Accept, """{"name":"Ada Lovelace","check":true,"email":"ada@example.com","integer":7,"untitledMultipleSelectEnum":["Piano","Drums"]}"""));
        var result = await call;

        Assert.Equal(_everything.Id, request.ServerId);
        Assert.Equal("everything", request.ServerName);
        Assert.Equal(McpElicitationMode.Form, request.Mode);
        Assert.Equal("Please provide inputs for the following fields:", request.Message);
        Assert.Null(request.ChatId);
        var schema = request.RequestedSchema!.Value;
        Assert.Equal("name", schema.GetProperty("required")[0].GetString());
        Assert.Equal("email", schema.GetProperty("properties").GetProperty("email").GetProperty("format").GetString());
        Assert.False(result.IsError);
        Assert.Contains("- Name: Ada Lovelace", result.Text, StringComparison.Ordinal);
        Assert.Contains("- Email: ada@example.com", result.Text, StringComparison.Ordinal);
        Assert.Contains("- Favorite Integer: 7", result.Text, StringComparison.Ordinal);
        Assert.Contains("\"Piano\"", result.Text, StringComparison.Ordinal);
        Assert.Contains("It was a dark and stormy night.", result.Text, StringComparison.Ordinal); // a default the answer left out
    }

    [Fact]
    public async Task AnswerThatBreaksTheSchema_IsAValidationErrorNamingTheField_NothingIsSent_AndAValidAnswerStillWorks()
    {
        await OpenAsync(McpElicitationModes.Form);
        var call = _nexo.Mcp.CallToolAsync(_everything.Id, FormTool, null);
        var request = await NextRequestAsync();

        var badEmail = await Refused(request, """{"name":"Ada","email":"not-an-email"}""");
        var missing = await Refused(request, """{"check":true}""");
        var unknown = await Refused(request, """{"name":"Ada","color":"blue"}""");
        var range = await Refused(request, """{"name":"Ada","integer":500}""");
        var whole = await Refused(request, """{"name":"Ada","integer":2.5}""");
        var type = await Refused(request, """{"name":"Ada","check":"yes"}""");
        var choice = await Refused(request, """{"name":"Ada","untitledSingleSelectEnum":"Janice"}""");
        var tooMany = await Refused(request, """{"name":"Ada","titledMultipleSelectEnum":["fish-1","fish-2","fish-3","fish-1"]}""");
        var date = await Refused(request, """{"name":"Ada","birthdate":"10/12/1815"}""");
        var notObject = await Refused(request, "[1,2]");
        var declineWithContent = await Assert.ThrowsAsync<NexoException>(() =>
            _nexo.Mcp.RespondToElicitationAsync(Answer(request, McpElicitationAction.Decline, """{"name":"Ada"}""")));
        Assert.False(call.IsCompleted); // nothing was sent: the tool still waits

        await _nexo.Mcp.RespondToElicitationAsync(Answer(request, McpElicitationAction.Accept, """{"name":"Ada","birthdate":"1815-12-10"}"""));
        var result = await call;

        Assert.Equal(("content.email", "The field 'email' (String with email format) must be an email address (like name@example.com), not 'not-an-email'."), badEmail);
        Assert.Equal(("content.name", "The field 'name' (String) is required."), missing);
        Assert.Equal("content.color", unknown.Field);
        Assert.Contains("does not ask for a field 'color'", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(("content.integer", "The field 'integer' (Integer) must be at most 100, not 500."), range);
        Assert.Equal("content.integer", whole.Field);
        Assert.Equal(("content.check", "The field 'check' (Boolean) must be true or false, not a string."), type);
        Assert.Equal("content.untitledSingleSelectEnum", choice.Field);
        Assert.Contains("'Monica'", choice.Message, StringComparison.Ordinal);
        Assert.Equal("content.titledMultipleSelectEnum", tooMany.Field);
        Assert.Equal("content.birthdate", date.Field);
        Assert.Equal("content", notObject.Field);
        Assert.Equal(NexoErrorKind.Validation, declineWithContent.Kind);
        Assert.Contains("- Name: Ada", result.Text, StringComparison.Ordinal);
        Assert.Contains("- Birthdate: 1815-12-10", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeclineAndCancel_ReachTheServer_AndTheAnsweredRequestIsThenNotFound()
    {
        await OpenAsync(McpElicitationModes.Form);

        var declined = _nexo.Mcp.CallToolAsync(_everything.Id, FormTool, null);
        var first = await NextRequestAsync();
        await _nexo.Mcp.RespondToElicitationAsync(Answer(first, McpElicitationAction.Decline));
        var declinedResult = await declined;
        var again = await Assert.ThrowsAsync<NexoException>(() => _nexo.Mcp.RespondToElicitationAsync(Answer(first, McpElicitationAction.Cancel)));
        var cancelled = _nexo.Mcp.CallToolAsync(_everything.Id, FormTool, null);
        var second = await NextRequestAsync();
        await _nexo.Mcp.RespondToElicitationAsync(Answer(second, McpElicitationAction.Cancel));
        var cancelledResult = await cancelled;
        var unknown = await Assert.ThrowsAsync<NexoException>(() => _nexo.Mcp.RespondToElicitationAsync(new McpElicitationResponse { RequestId = "no-such-request", Action = McpElicitationAction.Decline }));

        Assert.Contains("User declined", declinedResult.Text, StringComparison.Ordinal);
        Assert.Contains("\"action\": \"decline\"", declinedResult.Text, StringComparison.Ordinal);
        Assert.Equal(NexoErrorKind.NotFound, again.Kind);
        Assert.Contains("User cancelled", cancelledResult.Text, StringComparison.Ordinal);
        Assert.NotEqual(first.RequestId, second.RequestId);
        Assert.Equal(NexoErrorKind.NotFound, unknown.Kind);
    }

    [Fact]
    public async Task UnansweredRequest_IsCancelledAfterTheTimeout_AndTheToolResultSaysWhy()
    {
        await OpenAsync(McpElicitationModes.Form, TimeSpan.FromSeconds(1));

        var result = await _nexo.Mcp.CallToolAsync(_everything.Id, FormTool, null);
        var request = await NextRequestAsync();
        var late = await Assert.ThrowsAsync<NexoException>(() => _nexo.Mcp.RespondToElicitationAsync(Answer(request, McpElicitationAction.Accept, """{"name":"Ada"}""")));

        Assert.Contains("User cancelled", result.Text, StringComparison.Ordinal);
        Assert.Contains("[Nexo answered the MCP server 'everything''s request for input with 'cancel': nobody answered within 1 s.]", result.Text, StringComparison.Ordinal);
        Assert.Equal(NexoErrorKind.NotFound, late.Kind);
    }

    [Fact]
    public async Task CancellingTheToolCall_CancelsThePendingRequest()
    {
        await OpenAsync(McpElicitationModes.Form);
        using var cts = new CancellationTokenSource();

        var call = _nexo.Mcp.CallToolAsync(_everything.Id, FormTool, null, cancellationToken: cts.Token);
        var request = await NextRequestAsync();
        await cts.CancelAsync();
        var late = await Assert.ThrowsAsync<NexoException>(() => _nexo.Mcp.RespondToElicitationAsync(Answer(request, McpElicitationAction.Decline)));

        Assert.Equal(NexoErrorKind.NotFound, late.Kind);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task WithoutAFaceThatCanAnswer_NoCapabilityIsAdvertised_UntilTheHostSaysItCanAnswer()
    {
        await OpenAsync(McpElicitationModes.None);

        var without = await _nexo.Mcp.ConnectAsync(_everything.Id);
        _nexo.Mcp.ElicitationModes = McpElicitationModes.Form;
        var withForm = await _nexo.Mcp.ConnectAsync(_everything.Id);
        var bad = Assert.Throws<NexoException>(() => _nexo.Mcp.ElicitationModes = (McpElicitationModes)8);

        Assert.Contains(without, t => t.Name == "echo");
        Assert.DoesNotContain(without, t => t.Name == FormTool);
        Assert.Contains(withForm, t => t.Name == FormTool); // reconnected with the capability
        Assert.DoesNotContain(withForm, t => t.Name == UrlTool); // only form mode advertised
        Assert.Equal(NexoErrorKind.Validation, bad.Kind);
    }

    [Fact]
    public async Task UrlRequest_CarriesTheUrlAndElicitationId_AndAnAcceptReachesTheServer()
    {
        await OpenAsync(McpElicitationModes.Form | McpElicitationModes.Url);

        var call = _nexo.Mcp.CallToolAsync(_everything.Id, UrlTool, Json("""{"url":"https://example.com/sign-in","message":"Sign in, please","elicitationId":"el-1"}"""));
        var request = await NextRequestAsync();
        var withContent = await Assert.ThrowsAsync<NexoException>(() => _nexo.Mcp.RespondToElicitationAsync(Answer(request, McpElicitationAction.Accept, """{"x":1}""")));
        await _nexo.Mcp.RespondToElicitationAsync(Answer(request, McpElicitationAction.Accept));
        var result = await call;

        Assert.Equal(McpElicitationMode.Url, request.Mode);
        Assert.Equal("https://example.com/sign-in", request.Url);
        Assert.Equal("el-1", request.ElicitationId);
        Assert.Equal("Sign in, please", request.Message);
        Assert.Null(request.RequestedSchema);
        Assert.Equal(NexoErrorKind.Validation, withContent.Kind);
        Assert.Contains("User completed the URL elicitation flow", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestDuringATurn_NamesTheChatMessageAndToolCall()
    {
        await using var h = await ChatHarness.CreateAsync(o => o.McpElicitation = McpElicitationModes.Form);
        var server = await h.Nexo.McpServers.CreateAsync(NodeServersFixture.EverythingConfig("everything"));
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch
        {
            ToolPermissionMode = ToolPermissionMode.AllowAll,
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { [server.Id] = [FormTool] },
        });
        var tool = Assert.Single(await h.Nexo.Mcp.GetWorkspaceToolsAsync(h.Workspace.Id));
        var chat = await h.NewChatAsync();
        h.Model.Enqueue(Step.Call("call_form", tool.ModelName));
        h.Model.Enqueue(Step.Text("Thanks, Grace."));
        h.Nexo.Events.Subscribe(e =>
        {
            if (e is McpElicitationRequestEvent request)
            {
                _ = h.Nexo.Mcp.RespondToElicitationAsync(Answer(request, McpElicitationAction.Accept, """{"name":"Grace Hopper"}"""));
            }
        });

        var result = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "ask me" });

        var request = Assert.Single(h.Events.OfType<McpElicitationRequestEvent>());
        Assert.Equal(chat.Id, request.ChatId);
        Assert.Equal(h.EventsOf<ToolCallsDetectedEvent>(chat.Id)[0].MessageId, request.MessageId);
        Assert.Equal("Thanks, Grace.", result.AssistantMessage.Content);
        Assert.Equal("call_form", request.ToolCallId);
        var toolMessage = (await h.Nexo.Messages.GetActiveBranchAsync(chat.Id)).Single(m => m.Role == MessageRole.Tool);
        Assert.Contains("- Name: Grace Hopper", toolMessage.Content, StringComparison.Ordinal);
        var json = NexoJson.SerializeEvent(request);
        Assert.StartsWith("{\"chatId\":", json, StringComparison.Ordinal);
        Assert.Contains("\"mode\":\"form\"", json, StringComparison.Ordinal);
    }

    private async Task OpenAsync(McpElicitationModes modes, TimeSpan? timeout = null)
    {
        _nexo = await _db.OpenAsync(o =>
        {
            o.McpElicitation = modes;
            if (timeout is { } t)
            {
                o.McpElicitationTimeout = t;
            }
        });
        _nexo.Events.Subscribe(e =>
        {
            if (e is McpElicitationRequestEvent request)
            {
                _requests.Enqueue(request);
                _arrived.Release();
            }
        });
        _everything = await _nexo.McpServers.CreateAsync(NodeServersFixture.EverythingConfig("everything"));
    }

    private async Task<McpElicitationRequestEvent> NextRequestAsync()
    {
        Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(60)), "no elicitation request arrived");
        Assert.True(_requests.TryDequeue(out var request));
        return request;
    }

    private async Task<(string? Field, string Message)> Refused(McpElicitationRequestEvent request, string content)
    {
        var error = await Assert.ThrowsAsync<NexoException>(() => _nexo.Mcp.RespondToElicitationAsync(Answer(request, McpElicitationAction.Accept, content)));
        Assert.Equal(NexoErrorKind.Validation, error.Kind);
        return (error.Details?["field"] as string, error.Message);
    }

    private static McpElicitationResponse Answer(McpElicitationRequestEvent request, McpElicitationAction action, string? content = null) => new()
    {
        RequestId = request.RequestId,
        Action = action,
        Content = content is null ? null : Json(content),
    };

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
