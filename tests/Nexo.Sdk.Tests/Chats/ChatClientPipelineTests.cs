using System.Diagnostics;
using Microsoft.Extensions.AI;
using Nexo.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Nexo.Sdk.Tests.Chats;

/// <summary><see cref="NexoOptions.ConfigureChatClient"/>: the host's middleware around every model client.</summary>
public sealed class ChatClientPipelineTests
{
    [Fact]
    public async Task UseOpenTelemetry_GivesASpanPerModelCall_AndPerToolCall_OfATurn()
    {
        var source = "Nexo.Tests.Otel." + Guid.NewGuid().ToString("N");
        var spans = new List<Activity>();
        using var tracer = OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(source).AddInMemoryExporter(spans).Build();
        var weather = AIFunctionFactory.Create((string city) => $"Sunny in {city}", "weather").WithoutPermission();
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync(o =>
        {
            o.Tools.Add(weather);
            o.ConfigureChatClient = b => b.UseOpenTelemetry(sourceName: source);
        });
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "offline", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost" });
        var workspace = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        await nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id, Title = "no auto title" });

        await nexo.Chats.SendMessageAsync(new SendMessageRequest
        {
            ChatId = chat.Id,
            Content = "/tool weather {\"city\":\"Paris\"}\n/tool weather {\"city\":\"Oslo\"}",
        });
        tracer.ForceFlush();

        var chats = spans.Where(s => (string?)s.GetTagItem("gen_ai.operation.name") == "chat").ToList();
        var tools = spans.Where(s => (string?)s.GetTagItem("gen_ai.operation.name") == "execute_tool").ToList();
        Assert.Equal(2, chats.Count); // the call that asks for the tools, and the one that answers
        Assert.All(chats, s => Assert.Equal("chat echo", s.DisplayName));
        Assert.Equal(2, tools.Count);
        Assert.All(tools, s => Assert.Equal(("execute_tool weather", "weather"), (s.DisplayName, (string?)s.GetTagItem("gen_ai.tool.name"))));
        var calls = (await nexo.Messages.GetActiveBranchAsync(chat.Id))[1].ToolCalls!;
        Assert.Equal(calls.Select(c => c.Id).Order(), tools.Select(s => (string)s.GetTagItem("gen_ai.tool.call.id")!).Order());
        Assert.All(tools, s => Assert.True(s.StartTimeUtc >= chats[0].StartTimeUtc + chats[0].Duration && s.StartTimeUtc + s.Duration <= chats[1].StartTimeUtc));
    }

    [Fact]
    public async Task AFailingTool_IsAnErrorSpan()
    {
        var source = "Nexo.Tests.Otel." + Guid.NewGuid().ToString("N");
        var spans = new List<Activity>();
        using var tracer = OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(source).AddInMemoryExporter(spans).Build();
        var broken = AIFunctionFactory.Create(new Func<string>(() => throw new InvalidOperationException("no sensor")), "sensor").WithoutPermission();
        await using var h = await ChatHarness.CreateAsync(o =>
        {
            o.Tools.Add(broken);
            o.ConfigureChatClient = b => b.UseOpenTelemetry(sourceName: source);
        });
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Call("c1", "sensor"));
        h.Model.Enqueue(Step.Text("it failed"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "read" });
        tracer.ForceFlush();

        var tool = Assert.Single(spans, s => s.DisplayName == "execute_tool sensor");
        Assert.Equal(ActivityStatusCode.Error, tool.Status);
    }

    public static TheoryData<LlmProviderKind> ProviderKinds() =>
        [LlmProviderKind.Echo, LlmProviderKind.OpenAI, LlmProviderKind.OpenAICompatible, LlmProviderKind.Anthropic, LlmProviderKind.Ollama];

    [Theory]
    [MemberData(nameof(ProviderKinds))]
    public async Task TheMiddleware_WrapsEveryProviderKind_ForTurnsAndTitles(LlmProviderKind kind)
    {
        await using FakeProviderServer? server = kind switch
        {
            LlmProviderKind.OpenAI or LlmProviderKind.OpenAICompatible => await FakeOpenAIServer.StartAsync(),
            LlmProviderKind.Anthropic => await FakeAnthropicServer.StartAsync(),
            LlmProviderKind.Ollama => await FakeOllamaServer.StartAsync(),
            _ => null,
        };
        var seen = new List<string>();
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync(o => o.ConfigureChatClient = b => b.Use(
            (messages, options, next, ct) =>
            {
                lock (seen)
                {
                    seen.Add(options?.ModelId ?? "?");
                }

                return next(messages, options, ct);
            }));
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "c", Provider = kind, BaseUrl = server?.BaseUrl ?? "http://localhost", ApiKey = server is null ? null : "test-key", DefaultModel = "m-1",
        });
        var workspace = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        await nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id, Title = "t" });

        await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Hello" });
        await nexo.Chats.GenerateTitleAsync(chat.Id);

        Assert.Equal(["m-1", "m-1"], seen);
    }
}
