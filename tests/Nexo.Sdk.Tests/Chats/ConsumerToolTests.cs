using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>The host's own tools (<see cref="NexoOptions.Tools"/>) and a turn's tools (<see cref="SendMessageRequest.Tools"/>).</summary>
public sealed class ConsumerToolTests
{
    private static Dictionary<string, object?> City(string city) => new() { ["city"] = city };

    private static AIFunction Weather(List<string>? calls = null) =>
        AIFunctionFactory.Create(
            ([Description("The city")] string city) =>
            {
                calls?.Add(city);
                return $"Sunny in {city}";
            },
            "weather",
            "Tells the weather of a city");

    /// <summary>Answers every permission request of the harness's client with <paramref name="approve"/>.</summary>
    private static IDisposable AnswerPermissions(ChatHarness h, bool approve, List<ToolPermissionRequestEvent>? seen = null) =>
        h.Nexo.Events.Subscribe(e =>
        {
            if (e is ToolPermissionRequestEvent r)
            {
                seen?.Add(r);
                _ = h.Nexo.Chats.RespondToolPermissionAsync(new ToolPermissionResponse { MessageId = r.MessageId, Approved = approve });
            }
        });

    [Fact]
    public async Task HostTool_WithTheOfflineEchoProvider_AsksRunsAndItsResultReachesTheModel()
    {
        // Only the SDK: a C# function in NexoOptions.Tools, the built-in echo provider asking for it.
        await using var db = new TempDatabase();
        var calls = new List<string>();
        await using var nexo = await db.OpenAsync(o => o.Tools.Add(Weather(calls)));
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "offline", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost" });
        var workspace = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        await nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id, ToolPermissionMode = ToolPermissionMode.Ask });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id });
        var asked = new List<ToolPermissionRequestEvent>();
        using var answer = nexo.Events.Subscribe(e =>
        {
            if (e is ToolPermissionRequestEvent r)
            {
                Assert.Empty(calls); // nothing runs before the answer
                asked.Add(r);
                _ = nexo.Chats.RespondToolPermissionAsync(new ToolPermissionResponse { MessageId = r.MessageId, Approved = true });
            }
        });

        var result = await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = """/tool weather {"city":"Paris"}""" });

        Assert.Equal(["Paris"], calls);
        var request = Assert.Single(asked);
        var call = Assert.Single(request.ToolCalls);
        Assert.Equal(("weather", "weather", null), (call.Name, call.ModelName, call.ServerId));
        Assert.Equal("Tool weather returned: Sunny in Paris", result.AssistantMessage.Content);
        var branch = await nexo.Messages.GetActiveBranchAsync(chat.Id);
        Assert.Equal([MessageRole.User, MessageRole.Assistant, MessageRole.Tool, MessageRole.Assistant], branch.Select(m => m.Role));
        Assert.Equal("weather", Assert.Single(branch[1].ToolCalls!).Name);
        Assert.Equal(("Sunny in Paris", MessageStatus.Complete, branch[1].ToolCalls![0].Id), (branch[2].Content, branch[2].Status, branch[2].ToolCallId));
        Assert.Equal("weather", branch[2].Metadata!.Value.GetProperty("toolName").GetString());
        Assert.False(branch[2].Metadata!.Value.GetProperty("denied").GetBoolean());
        Assert.Equal(StopReason.EndTurn, result.StopReason);
    }

    [Fact]
    public async Task HostTool_IsOfferedWithItsSchema_AndGivesTheSameEventsAsAnMcpTool()
    {
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(Weather()));
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch { ToolPermissionMode = ToolPermissionMode.AllowAll });
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Call("c1", "weather", City("Oslo")));
        h.Model.Enqueue(Step.Text("done"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "weather?" });

        var offered = Assert.Single(h.Model.Requests.First().Options!.Tools!);
        var function = Assert.IsAssignableFrom<AIFunctionDeclaration>(offered);
        Assert.Equal(("weather", "Tells the weather of a city"), (function.Name, function.Description));
        Assert.Equal("string", function.JsonSchema.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Equal("Sunny in Oslo", h.Model.Requests.Last().Messages.Last().Contents.OfType<FunctionResultContent>().Single().Result);
        Assert.Equal(
            ["executing", "completed"],
            h.EventsOf<ToolExecutionProgressEvent>(chat.Id).Select(p => p.Status));
        var names = h.EventNames(chat.Id);
        Assert.Equal(["message-started", "message-complete", "tool-calls-detected", "tool-execution-started"], names.Take(4));
        Assert.Contains("tool-execution-completed", names);
    }

    [Fact]
    public async Task ToolMarkedWithoutPermission_RunsWithoutAsking_EvenInAskMode()
    {
        var calls = new List<string>();
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(Weather(calls).WithoutPermission()));
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Call("c1", "weather", City("Rome")));
        h.Model.Enqueue(Step.Text("done"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        Assert.Equal(["Rome"], calls);
        Assert.Empty(h.EventsOf<ToolPermissionRequestEvent>(chat.Id));
    }

    [Fact]
    public async Task ToolMarkedByMetadata_RunsWithoutAsking_ButAnAlwaysDenyRuleStillDeniesIt()
    {
        var calls = new List<string>();
        var clock = AIFunctionFactory.Create(
            () =>
            {
                calls.Add("now");
                return "12:00";
            },
            new AIFunctionFactoryOptions { Name = "now", AdditionalProperties = new Dictionary<string, object?> { [NexoToolProperties.RequiresPermission] = false } });
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(clock));
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Call("c1", "now"));
        h.Model.Enqueue(Step.Text("first"));
        h.Model.Enqueue(Step.Call("c2", "now"));
        h.Model.Enqueue(Step.Text("second"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "one" });
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch
        {
            ToolPermissions = new Dictionary<string, ToolPermissionRule> { ["now"] = ToolPermissionRule.AlwaysDeny },
        });
        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "two" });

        Assert.Equal(["now"], calls);
        Assert.Empty(h.EventsOf<ToolPermissionRequestEvent>(chat.Id));
        Assert.Contains(h.EventsOf<ToolExecutionProgressEvent>(chat.Id), p => p.ToolCallId == "c2" && p.Status == "denied");
    }

    [Fact]
    public async Task ApprovalRequiredTool_IsAskedAbout_EvenInAllowAllMode()
    {
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(new ApprovalRequiredAIFunction(Weather())));
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch { ToolPermissionMode = ToolPermissionMode.AllowAll });
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Call("c1", "weather", City("Lima")));
        h.Model.Enqueue(Step.Text("done"));
        using var answer = AnswerPermissions(h, approve: false);

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        Assert.Single(h.EventsOf<ToolPermissionRequestEvent>(chat.Id));
        Assert.StartsWith("Error: The user denied", h.Model.Requests.Last().Messages.Last().Contents.OfType<FunctionResultContent>().Single().Result?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowAlways_RemembersARuleUnderTheToolsName()
    {
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(Weather()));
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Call("c1", "weather", City("Kyiv")));
        h.Model.Enqueue(Step.Text("done"));
        using var answer = h.Nexo.Events.Subscribe(e =>
        {
            if (e is ToolPermissionRequestEvent r)
            {
                _ = h.Nexo.Chats.RespondToolPermissionAsync(new ToolPermissionResponse { MessageId = r.MessageId, Approved = true, Remember = true });
            }
        });

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        Assert.Equal(ToolPermissionRule.AlwaysAllow, (await h.Nexo.Workspaces.GetSettingsAsync(h.Workspace.Id)).ToolPermissions["weather"]);
    }

    [Fact]
    public async Task WorkspaceDisablingAHostTool_DoesNotOfferIt_AndACallOfItIsAnUnknownTool()
    {
        var calls = new List<string>();
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(Weather(calls)));
        var settings = await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch
        {
            ToolPermissionMode = ToolPermissionMode.AllowAll,
            DisabledTools = ["weather", "weather"],
        });
        Assert.Equal(["weather"], settings.DisabledTools);
        Assert.Equal(["weather"], (await h.Nexo.Workspaces.GetSettingsAsync(h.Workspace.Id)).DisabledTools);
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Call("c1", "weather", City("Bern")));
        h.Model.Enqueue(Step.Text("done"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        Assert.Null(h.Model.Requests.First().Options!.Tools);
        Assert.Empty(calls);
        Assert.StartsWith("Error: Unknown tool 'weather'", h.Model.Requests.Last().Messages.Last().Contents.OfType<FunctionResultContent>().Single().Result?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisabledToolsWithAnEmptyName_IsAValidationError()
    {
        await using var h = await ChatHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch { DisabledTools = [" "] }));

        Assert.Equal((NexoErrorKind.Validation, "disabledTools"), (error.Kind, error.Details["field"]));
    }

    [Fact]
    public async Task TurnTool_IsOfferedForThatTurnOnly_AndReplacesTheHostToolOfTheSameName()
    {
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(Weather()));
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch { ToolPermissionMode = ToolPermissionMode.AllowAll });
        var chat = await h.NewChatAsync("t");
        var rainy = AIFunctionFactory.Create((string city) => $"Rain in {city}", "weather");
        var dice = AIFunctionFactory.Create(() => 4, "roll_dice");
        h.Model.Enqueue(Step.Call("c1", "weather", City("Dublin")), Step.Call("c2", "roll_dice"));
        h.Model.Enqueue(Step.Text("first"));
        h.Model.Enqueue(Step.Text("second"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "one", Tools = [rainy, dice] });
        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "two" });

        Assert.Equal(["weather", "roll_dice"], h.Model.Requests.ElementAt(0).Options!.Tools!.Select(t => t.Name));
        Assert.Equal(["Rain in Dublin", "4"], h.Model.Requests.ElementAt(1).Messages.Last().Contents.OfType<FunctionResultContent>().Select(r => r.Result?.ToString()));
        Assert.Equal(["weather"], h.Model.Requests.ElementAt(2).Options!.Tools!.Select(t => t.Name));
    }

    [Fact]
    public async Task ToolThatThrows_IsAToolErrorTheModelSees_AndTheTurnGoesOn()
    {
        var broken = AIFunctionFactory.Create(new Func<string>(() => throw new InvalidOperationException("the sensor is offline")), "sensor");
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(broken.WithoutPermission()));
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Call("c1", "sensor"));
        h.Model.Enqueue(Step.Text("the sensor failed"));

        var result = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "read it" });

        Assert.Equal("the sensor failed", result.AssistantMessage.Content);
        var tool = (await h.Nexo.Messages.GetActiveBranchAsync(chat.Id)).Single(m => m.Role == MessageRole.Tool);
        Assert.Equal((MessageStatus.Error, "The tool 'sensor' failed: the sensor is offline"), (tool.Status, tool.Content));
        Assert.Equal("Error: The tool 'sensor' failed: the sensor is offline", h.Model.Requests.Last().Messages.Last().Contents.OfType<FunctionResultContent>().Single().Result);
        Assert.Single(h.EventsOf<ToolExecutionErrorEvent>(chat.Id));
    }

    [Fact]
    public async Task ToolCallContext_TellsTheToolItsCall_AndItsProgressBecomesEvents_NeverAfterTheResult()
    {
        ToolCallContext? seen = null;
        var slow = AIFunctionFactory.Create(
            async () =>
            {
                seen = ToolCallContext.Current;
                seen!.ReportProgress(1, 2, "halfway");
                await Task.Yield();
                return "done";
            },
            "slow");
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(slow.WithoutPermission()));
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Call("c1", "slow"));
        h.Model.Enqueue(Step.Text("ok"));

        var result = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });
        seen!.ReportProgress(2, 2, "too late");

        Assert.NotNull(seen);
        Assert.Equal((chat.Id, h.Workspace.Id, "c1", "slow"), (seen.ChatId, seen.WorkspaceId, seen.Call.Id, seen.Call.Name));
        Assert.NotEqual(result.AssistantMessageId, seen.MessageId);
        Assert.Null(ToolCallContext.Current);
        var progress = h.EventsOf<ToolExecutionProgressEvent>(chat.Id);
        Assert.Equal(["executing", "progress", "completed"], progress.Select(p => p.Status));
        Assert.Equal((1d, 2d, "halfway"), (progress[1].Progress, progress[1].Total, progress[1].ProgressMessage));
    }

    [Fact]
    public async Task ModelChangingTheCaseOfAToolName_StillReachesTheTool()
    {
        var calls = new List<string>();
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(Weather(calls).WithoutPermission()));
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Call("c1", "Weather", City("Nice")));
        h.Model.Enqueue(Step.Text("ok"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        Assert.Equal(["Nice"], calls);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("9lives")]
    [InlineData("")]
    public async Task ToolWithAnInvalidName_IsAValidationError_AndNothingIsStored(string name)
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        var tool = AIFunctionFactory.Create(() => "x", new AIFunctionFactoryOptions { Name = name });

        var error = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go", Tools = [tool] }));

        Assert.Equal((NexoErrorKind.Validation, "tools"), (error.Kind, error.Details["field"]));
        Assert.Empty(await h.Nexo.Messages.GetActiveBranchAsync(chat.Id));
    }

    [Fact]
    public async Task TwoTurnToolsWithOneName_AreAValidationError()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");

        var error = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.SendMessageAsync(new SendMessageRequest
        {
            ChatId = chat.Id, Content = "go", Tools = [Weather(), AIFunctionFactory.Create(() => "x", "WEATHER")],
        }));

        Assert.Contains("Two tools are named 'WEATHER'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await h.Nexo.Messages.GetActiveBranchAsync(chat.Id));
    }

    [Fact]
    public async Task HostToolNamedLikeAnMcpTool_KeepsItsName_AndTheMcpToolIsOfferedUnderItsServerPrefix()
    {
        var calls = new List<string>();
        var alpha = AIFunctionFactory.Create(() =>
        {
            calls.Add("host");
            return "host alpha";
        }, "alpha");
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(alpha));
        var mcp = new FakeTools { DelayMs = 0 };
        h.Nexo.Engine.McpTools = mcp.GetToolsAsync;
        await h.Nexo.Workspaces.UpdateSettingsAsync(h.Workspace.Id, new WorkspaceSettingsPatch
        {
            ToolPermissionMode = ToolPermissionMode.AllowAll,
            McpToolIds = new Dictionary<string, IReadOnlyList<string>> { ["srv1"] = ["alpha", "beta"] },
        });
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Call("c1", "alpha"), Step.Call("c2", "Server_One__alpha", new Dictionary<string, object?> { ["x"] = 3 }));
        h.Model.Enqueue(Step.Text("ok"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "go" });

        Assert.Equal(["alpha", "Server_One__alpha", "beta"], h.Model.Requests.ElementAt(0).Options!.Tools!.Select(t => t.Name));
        Assert.Equal(["host"], calls);
        Assert.Equal(["alpha"], mcp.Invoked);
        var results = h.Model.Requests.ElementAt(1).Messages.Last().Contents.OfType<FunctionResultContent>().Select(r => r.Result?.ToString());
        Assert.Equal(["host alpha", "alpha=30"], results);
        var toolMessages = (await h.Nexo.Messages.GetActiveBranchAsync(chat.Id)).Where(m => m.Role == MessageRole.Tool).ToList();
        Assert.False(toolMessages[0].Metadata!.Value.TryGetProperty("serverId", out _));
        Assert.Equal("srv1", toolMessages[1].Metadata!.Value.GetProperty("serverId").GetString());
    }

    [Fact]
    public async Task AddNexo_TakesToolsAndMiddleware_FromItsOptions()
    {
        await using var db = new TempDatabase();
        var services = new ServiceCollection();
        var calls = 0;
        services.AddNexo(o =>
        {
            o.DatabasePath = db.Path_;
            o.Tools.Add(Weather());
            o.ConfigureChatClient = b => b.Use(
                (messages, options, next, ct) =>
                {
                    Interlocked.Increment(ref calls);
                    return next(messages, options, ct);
                });
        });
        await using var provider = services.BuildServiceProvider();
        var nexo = provider.GetRequiredService<NexoClient>();
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "offline", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost" });
        var workspace = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        await nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id, ToolPermissionMode = ToolPermissionMode.AllowAll });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id, Title = "t" });

        var result = await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = """/tool weather {"city":"Turin"}""" });

        Assert.Equal("Tool weather returned: Sunny in Turin", result.AssistantMessage.Content);
        Assert.Equal(2, calls);
        Assert.Equal("\"end_turn\"", JsonSerializer.Serialize(result.StopReason, NexoJson.Options));
    }
}
