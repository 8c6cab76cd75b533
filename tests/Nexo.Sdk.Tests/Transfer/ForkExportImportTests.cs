using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Nexo.Sdk.Tests.Chats;

namespace Nexo.Sdk.Tests.Transfer;

public sealed class ForkExportImportTests
{
    private static readonly string Png = "data:image/png;base64," + Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47, 7, 7, 7]);

    private static AIFunction Clock() => AIFunctionFactory.Create(
        () => "12:00",
        new AIFunctionFactoryOptions { Name = "now", AdditionalProperties = new Dictionary<string, object?> { [NexoToolProperties.RequiresPermission] = false } });

    /// <summary>A chat with a tool call and its result, reasoning, usage, an attached image and text file, and a second branch (a regenerated answer).</summary>
    private static async Task<(Chat Chat, SendMessageResult First, SendMessageResult Second)> RichChatAsync(ChatHarness h, bool withImage)
    {
        var chat = await h.NewChatAsync("Plans");
        var folder = Directory.CreateTempSubdirectory("nexo-transfer").FullName;
        var notes = Path.Combine(folder, "notes.md");
        await File.WriteAllTextAsync(notes, "# Notes\nbuy milk");
        h.Model.Enqueue(Step.Think("the user wants the time"), Step.Call("c1", "now"), Step.Usage(11, 3));
        h.Model.Enqueue(Step.Text("It is noon."), Step.Usage(20, 4));
        h.Model.Enqueue(Step.Text("second answer"));
        h.Model.Enqueue(Step.Text("second answer, again"));
        var first = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "what time is it?", Files = withImage ? [notes, Png] : [notes] });
        var second = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "thanks" });
        await h.Nexo.Chats.RegenerateAsync(new RegenerateRequest { ChatId = chat.Id, MessageId = second.AssistantMessageId });
        Directory.Delete(folder, true);
        return (await h.Nexo.Chats.GetAsync(chat.Id), first, second);
    }

    [Fact]
    public async Task Fork_CopiesTheActiveBranchUpToTheMessage_WithToolResultsAndAttachmentFiles_IntoANewChatTitledFork()
    {
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(Clock()));
        var (chat, first, _) = await RichChatAsync(h, withImage: true);
        var original = await h.Nexo.Messages.GetActiveBranchAsync(chat.Id);
        var withCall = original.Single(m => m.ToolCalls is { Count: > 0 });
        var before = await h.Nexo.Messages.ListAsync(chat.Id, new MessageQuery { Limit = 1000 });

        var fork = await h.Nexo.Chats.ForkAsync(chat.Id, withCall.Id);

        Assert.NotEqual(chat.Id, fork.Id);
        Assert.Equal("Plans (fork)", fork.Title);
        Assert.Equal(chat.WorkspaceId, fork.WorkspaceId);
        var copied = await h.Nexo.Messages.GetActiveBranchAsync(fork.Id);
        Assert.Equal([MessageRole.User, MessageRole.Assistant, MessageRole.Tool], copied.Select(m => m.Role));
        Assert.Equal(copied.Count, (await h.Nexo.Messages.ListAsync(fork.Id)).Count);
        Assert.Equal("c1", Assert.Single(copied[1].ToolCalls!).Id);
        Assert.Equal("the user wants the time", copied[1].Reasoning);
        Assert.Equal("c1", copied[2].ToolCallId);
        Assert.Equal("12:00", copied[2].Content);
        Assert.Equal(original.Take(3).Select(m => (m.Content, m.CreatedAt)), copied.Select(m => (m.Content, m.CreatedAt)));
        Assert.DoesNotContain(copied, m => original.Any(o => o.Id == m.Id));

        var files = copied[0].Metadata!.Value.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal("buy milk", files[0].GetProperty("text").GetString()!.Split('\n')[1]);
        var imagePath = files[1].GetProperty("path").GetString()!;
        Assert.Equal(Path.Combine(Path.GetDirectoryName(h.DatabasePath)!, "attachments", copied[0].Id), Path.GetDirectoryName(imagePath));
        Assert.Equal(Convert.FromBase64String(Png.Split(',')[1]), await File.ReadAllBytesAsync(imagePath));

        // The copy stands alone: deleting the original keeps the fork and its image.
        Assert.Equal(before.Count, (await h.Nexo.Messages.ListAsync(chat.Id, new MessageQuery { Limit = 1000 })).Count);
        await h.Nexo.Chats.DeleteAsync(chat.Id);
        Assert.True(File.Exists(imagePath));
        Assert.Equal(first.UserMessageId, original[0].Id);
    }

    [Fact]
    public async Task Fork_AtALaterMessage_HoldsTheWholeActiveBranchUpToIt_AndAMessageOfAnotherChatIsRefused()
    {
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(Clock()));
        var (chat, first, _) = await RichChatAsync(h, withImage: false);
        var other = await h.NewChatAsync("other");

        var fork = await h.Nexo.Chats.ForkAsync(chat.Id, first.AssistantMessageId);
        var error = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.ForkAsync(other.Id, first.AssistantMessageId));

        Assert.Equal(["what time is it?", string.Empty, "12:00", "It is noon."], (await h.Nexo.Messages.GetActiveBranchAsync(fork.Id)).Select(m => m.Content));
        Assert.Equal("It is noon.", fork.LastMessage);
        Assert.Equal(NexoErrorKind.Validation, error.Kind);
        Assert.Equal("messageId", error.Details["field"]);
    }

    [Fact]
    public async Task ExportImportExport_IsByteIdentical_ApartFromIdsAndExportTime_WithBranchesAndAToolCall()
    {
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(Clock()));
        var (chat, _, _) = await RichChatAsync(h, withImage: false);
        var exported = await h.Nexo.Chats.ExportAsync(chat.Id, ChatExportFormat.Json);

        var imported = Assert.Single(await h.Nexo.Chats.ImportAsync(new ChatImportRequest { WorkspaceId = h.Workspace.Id, Content = exported }));
        var again = await h.Nexo.Chats.ExportAsync(imported.Id, ChatExportFormat.Json);

        var doc = JsonNode.Parse(exported)!;
        Assert.Equal(7, doc["messages"]!.AsArray().Count);
        Assert.Equal(2, doc["messages"]!.AsArray().Count(m => (string?)m!["content"] is "second answer" or "second answer, again"));
        Assert.Contains(doc["messages"]!.AsArray(), m => m!["toolCalls"] is not null);
        Assert.Contains(doc["messages"]!.AsArray(), m => m!["usage"] is not null);
        Assert.NotEqual(chat.Id, imported.Id);
        Assert.Equal(chat.Title, imported.Title);
        Assert.Equal(RoundTrip.Normalize(exported), RoundTrip.Normalize(again, exported));
        Assert.Equal(
            (await h.Nexo.Messages.GetActiveBranchAsync(chat.Id)).Select(m => m.Content),
            (await h.Nexo.Messages.GetActiveBranchAsync(imported.Id)).Select(m => m.Content));
    }

    [Fact]
    public async Task Import_KeepsAttachmentDescriptionsButNeverAFilePath()
    {
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(Clock()));
        var (chat, _, _) = await RichChatAsync(h, withImage: true);
        var exported = JsonNode.Parse(await h.Nexo.Chats.ExportAsync(chat.Id))!;
        exported["messages"]![0]!["metadata"]!["files"]![1]!["path"] = "/etc/passwd";

        var imported = Assert.Single(await h.Nexo.Chats.ImportAsync(new ChatImportRequest { WorkspaceId = h.Workspace.Id, Content = exported.ToJsonString() }));

        var user = (await h.Nexo.Messages.GetActiveBranchAsync(imported.Id))[0];
        var image = user.Metadata!.Value.GetProperty("files")[1];
        Assert.Equal("image/png", image.GetProperty("mediaType").GetString());
        Assert.False(image.TryGetProperty("path", out _));
    }

    [Fact]
    public async Task ExportMarkdown_IsTheActiveBranch()
    {
        await using var h = await ChatHarness.CreateAsync(o => o.Tools.Add(Clock()));
        var (chat, _, _) = await RichChatAsync(h, withImage: false);

        var md = await h.Nexo.Chats.ExportAsync(chat.Id, ChatExportFormat.Markdown);

        Assert.StartsWith("# Plans\n", md, StringComparison.Ordinal);
        Assert.Contains("**Tool call** `now`", md, StringComparison.Ordinal);
        Assert.Contains("second answer, again", md, StringComparison.Ordinal);
        Assert.DoesNotContain("second answer\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatGptImport_OfTheSampleFile_TurnsTheTreeIntoBranches_WithCurrentNodeActive()
    {
        await using var h = await ChatHarness.CreateAsync();
        var content = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "data", "chatgpt-conversations.json"));

        var chats = await h.Nexo.Chats.ImportAsync(new ChatImportRequest { WorkspaceId = h.Workspace.Id, Content = content, Format = ChatImportFormat.ChatGpt });

        Assert.Equal(["Packing for Iceland", "Sourdough starter"], chats.Select(c => c.Title));
        var iceland = chats[0];
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1728043210512), iceland.CreatedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1728043655101), iceland.UpdatedAt);
        var all = await h.Nexo.Messages.ListAsync(iceland.Id, new MessageQuery { Limit = 100 });
        Assert.Equal(5, all.Count);
        var active = await h.Nexo.Messages.GetActiveBranchAsync(iceland.Id);
        Assert.Equal([MessageRole.User, MessageRole.Assistant, MessageRole.User, MessageRole.Assistant], active.Select(m => m.Role));
        Assert.StartsWith("October in Iceland is cold", active[1].Content, StringComparison.Ordinal);
        Assert.Equal("Will I see the northern lights?", active[2].Content);
        Assert.Equal("gpt-4o", active[3].Model);
        var sibling = Assert.Single(all, m => m.Content.StartsWith("Pack layers", StringComparison.Ordinal));
        Assert.Equal(active[0].Id, sibling.ParentId);
        Assert.Equal("5b6c7d8e-3333-4f10-a1b2-000000000004", sibling.Metadata!.Value.GetProperty("chatgpt").GetProperty("nodeId").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1728043210734), active[0].CreatedAt);
        Assert.Equal(["My sourdough starter smells like nail polish. Is it dead?", "No, it is hungry. The acetone smell means it ran out of food: feed it twice a day for a few days."],
            (await h.Nexo.Messages.GetActiveBranchAsync(chats[1].Id)).Select(m => m.Content));
    }

    [Theory]
    [InlineData(ChatImportFormat.ChatGpt, "$[1].mapping.n2.parent: unknown node 'x'")]
    [InlineData(ChatImportFormat.Nexo, "$.messages[1].parentId: unknown message 'zz' (a parent must come before its children)")]
    public async Task BadImportFile_NamesTheFirstProblem_AndImportsNothing(ChatImportFormat format, string expected)
    {
        await using var h = await ChatHarness.CreateAsync();
        var content = format == ChatImportFormat.ChatGpt ? BadChatGpt : await BadNexoAsync(h);
        var chatsBefore = (await h.Nexo.Chats.ListAsync(h.Workspace.Id)).Items.Count;

        var error = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.ImportAsync(new ChatImportRequest { WorkspaceId = h.Workspace.Id, Content = content, Format = format }));

        Assert.Equal(NexoErrorKind.Validation, error.Kind);
        Assert.Equal(expected, error.Message);
        Assert.Equal(chatsBefore, (await h.Nexo.Chats.ListAsync(h.Workspace.Id)).Items.Count);
    }

    [Fact]
    public async Task ImportWriter_WhenTheDatabaseRefusesALaterChat_RollsBackTheChatsAlreadyWritten()
    {
        await using var h = await ChatHarness.CreateAsync();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_000);
        Chat NewChat(string id) => new() { Id = id, WorkspaceId = h.Workspace.Id, Title = id, CreatedAt = now, UpdatedAt = now };
        Message NewMessage(string id, string chatId, string? parentId) =>
            new() { Id = id, ChatId = chatId, ParentId = parentId, Sequence = 1, Role = MessageRole.User, Content = "x", CreatedAt = now, UpdatedAt = now };
        var writer = new Nexo.Storage.ChatImportWriter(h.Nexo.Database!);

        var error = await Assert.ThrowsAsync<NexoException>(() => writer.WriteAsync(
            [
                new(NewChat("import-a"), [NewMessage("import-a-1", "import-a", null)]),
                new(NewChat("import-b"), [NewMessage("import-b-1", "import-b", "missing-parent")]),
            ],
            CancellationToken.None));

        Assert.Equal(NexoErrorKind.Validation, error.Kind);
        Assert.Empty((await h.Nexo.Chats.ListAsync(h.Workspace.Id)).Items);
        Assert.Equal(NexoErrorKind.NotFound, (await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Messages.GetAsync("import-a-1"))).Kind);
    }

    [Fact]
    public async Task NexoImport_OfAMessageWithoutContent_NamesIt()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("one");
        await h.Nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "hi" });
        var exported = JsonNode.Parse(await h.Nexo.Chats.ExportAsync(chat.Id))!;
        var broken = exported.DeepClone();
        broken["messages"]![0]!["content"] = null;
        var content = new JsonArray(exported, broken).ToJsonString();

        var error = await Assert.ThrowsAsync<NexoException>(() => h.Nexo.Chats.ImportAsync(new ChatImportRequest { WorkspaceId = h.Workspace.Id, Content = content }));

        Assert.Equal("$[1].messages[0].content: expected a string", error.Message);
        Assert.Equal([chat.Id], (await h.Nexo.Chats.ListAsync(h.Workspace.Id)).Items.Select(c => c.Id));
    }

    private const string BadChatGpt =
        """
        [
          {"title": "fine", "create_time": 1700000000.5, "update_time": 1700000001.5, "current_node": "a",
           "mapping": {"a": {"id": "a", "message": {"id": "a", "author": {"role": "user"}, "create_time": 1700000000.5, "content": {"content_type": "text", "parts": ["hi"]}}, "parent": null, "children": []}}},
          {"title": "broken", "create_time": 1700000000.5, "update_time": 1700000001.5, "current_node": "n2",
           "mapping": {
             "n1": {"id": "n1", "message": null, "parent": null, "children": ["n2"]},
             "n2": {"id": "n2", "message": {"id": "n2", "author": {"role": "user"}, "create_time": 1700000000.5, "content": {"content_type": "text", "parts": ["hello"]}}, "parent": "x", "children": []}
           }}
        ]
        """;

    private static async Task<string> BadNexoAsync(ChatHarness h)
    {
        var chat = await h.NewChatAsync("two messages");
        await h.Nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "q" });
        await h.Nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.Assistant, Content = "a" });
        var doc = JsonNode.Parse(await h.Nexo.Chats.ExportAsync(chat.Id))!;
        doc["messages"]![1]!["parentId"] = "zz";
        return doc.ToJsonString();
    }
}

/// <summary>Puts the ids of a re-exported chat back to the original's, and blanks the export time, so the two compare byte for byte.</summary>
internal static class RoundTrip
{
    public static string Normalize(string export, string? original = null)
    {
        var text = export;
        if (original is not null)
        {
            var a = JsonNode.Parse(original)!;
            var b = JsonNode.Parse(export)!;
            text = text.Replace((string)b["chat"]!["id"]!, (string)a["chat"]!["id"]!, StringComparison.Ordinal);
            var oldIds = a["messages"]!.AsArray().Select(m => (string)m!["id"]!).ToList();
            var newIds = b["messages"]!.AsArray().Select(m => (string)m!["id"]!).ToList();
            Assert.Equal(oldIds.Count, newIds.Count);
            for (var i = 0; i < newIds.Count; i++)
            {
                text = text.Replace(newIds[i], oldIds[i], StringComparison.Ordinal);
            }
        }

        var at = JsonNode.Parse(text)!["exportedAt"]!.GetValue<string>();
        return text.Replace(at, "<exportedAt>", StringComparison.Ordinal);
    }
}
