using System.Text.Json.Nodes;
using Nexo.Testing;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>
/// PDF attachments: their text (PdfPig) is inlined with page markers and reaches the provider; an Anthropic connection
/// with <see cref="LlmConnection.NativeDocuments"/> gets the PDF itself as a <c>document</c> block instead.
/// </summary>
public sealed class PdfAttachmentTests
{
    private static Task<(NexoClient Nexo, TempDatabase Db, Chat Chat)> OpenAsync(string baseUrl) =>
        OpenAsync(baseUrl, LlmProviderKind.OpenAICompatible, nativeDocuments: false);

    private static async Task<(NexoClient Nexo, TempDatabase Db, Chat Chat)> OpenAsync(string baseUrl, LlmProviderKind provider, bool nativeDocuments)
    {
        var db = new TempDatabase();
        var nexo = await NexoClient.OpenAsync(db.Options);
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "p", Provider = provider, BaseUrl = baseUrl, ApiKey = "sk-test-key", DefaultModel = "m1", NativeDocuments = nativeDocuments,
        });
        await nexo.Workspaces.UpdateSettingsAsync(ws.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = ws.Id, Title = "t" });
        return (nexo, db, chat);
    }

    [Fact]
    public async Task PdfAttachment_ItsTextWithPageMarkersReachesTheProvider_AndIsReplayedOnLaterTurns()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (nexo, db, chat) = await OpenAsync(server.BaseUrl);
        await using var _ = db;
        await using var __ = nexo;
        var pdf = TestPdf.WriteTemp("report.pdf", "Quarterly revenue grew", "Costs fell sharply");

        var result = await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Summarize", Files = [pdf] });
        await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "And the costs?" });

        var first = server.ChatRequests[0].Body;
        Assert.Contains("<file name=\\\"report.pdf\\\">", first, StringComparison.Ordinal);
        Assert.Contains("--- page 1 ---\\nQuarterly revenue grew", first, StringComparison.Ordinal);
        Assert.Contains("--- page 2 ---\\nCosts fell sharply", first, StringComparison.Ordinal);
        Assert.Contains("Costs fell sharply", server.ChatRequests[1].Body, StringComparison.Ordinal);
        var file = (await nexo.Messages.GetAsync(result.UserMessageId)).Metadata!.Value.GetProperty("files")[0];
        Assert.Equal("application/pdf", file.GetProperty("mediaType").GetString());
        Assert.Contains("--- page 2 ---", file.GetProperty("text").GetString(), StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(pdf)!, true);
    }

    [Fact]
    public async Task PdfAttachment_AsADataUrl_IsInlinedToo()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (nexo, db, chat) = await OpenAsync(server.BaseUrl);
        await using var _ = db;
        await using var __ = nexo;
        var url = "data:application/pdf;base64," + Convert.ToBase64String(TestPdf.Create("Invoice total 42 EUR"));

        await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Total?", Files = [url] });

        Assert.Contains("--- page 1 ---\\nInvoice total 42 EUR", server.LastChatRequest!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PdfAttachment_ThatIsNotAReadablePdf_IsAValidationError_AndOtherBinariesAreStillRefused()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (nexo, db, chat) = await OpenAsync(server.BaseUrl);
        await using var _ = db;
        await using var __ = nexo;
        var broken = "data:application/pdf;base64," + Convert.ToBase64String("%PDF-1.7 garbage"u8.ToArray());
        var binary = "data:application/octet-stream;base64," + Convert.ToBase64String(new byte[] { 1, 0, 2, 0 });

        var pdf = await Assert.ThrowsAsync<NexoException>(() => nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "x", Files = [broken] }));
        var other = await Assert.ThrowsAsync<NexoException>(() => nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "x", Files = [binary] }));

        Assert.Equal((NexoErrorKind.Validation, "files"), (pdf.Kind, pdf.Details["field"]));
        Assert.Contains("could not be read", pdf.Message, StringComparison.Ordinal);
        Assert.Equal(NexoErrorKind.Validation, other.Kind);
        Assert.Contains("neither text, a PDF nor an image", other.Message, StringComparison.Ordinal);
        Assert.Empty(server.ChatRequests);
    }
    [Fact]
    public async Task PdfAttachment_OnAnAnthropicConnectionWithNativeDocuments_ArrivesAsABase64DocumentBlock_OnThisAndLaterTurns()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var (nexo, db, chat) = await OpenAsync(server.BaseUrl, LlmProviderKind.Anthropic, nativeDocuments: true);
        await using var _ = db;
        await using var __ = nexo;
        var pdf = TestPdf.WriteTemp("report.pdf", "Quarterly revenue grew", "Costs fell sharply");
        var bytes = await File.ReadAllBytesAsync(pdf);

        var result = await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Summarize", Files = [pdf] });
        Directory.Delete(Path.GetDirectoryName(pdf)!, true); // later turns read the copy stored beside the database
        await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "And the costs?" });

        foreach (var request in server.ChatRequests)
        {
            var document = Assert.Single(DocumentBlocks(request));
            Assert.Equal("base64", document["source"]!["type"]!.GetValue<string>());
            Assert.Equal("application/pdf", document["source"]!["media_type"]!.GetValue<string>());
            Assert.Equal(bytes, Convert.FromBase64String(document["source"]!["data"]!.GetValue<string>()));
            Assert.DoesNotContain("--- page 1 ---", request.Body, StringComparison.Ordinal);
        }

        Assert.Equal(2, server.ChatRequests.Count);
        var file = (await nexo.Messages.GetAsync(result.UserMessageId)).Metadata!.Value.GetProperty("files")[0];
        Assert.Equal("application/pdf", file.GetProperty("mediaType").GetString());
        Assert.Contains("--- page 2 ---\nCosts fell sharply", file.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PdfAttachment_OnAnAnthropicConnectionWithoutNativeDocuments_IsInlinedAsText_UntilTheFlagIsTurnedOn()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        var (nexo, db, chat) = await OpenAsync(server.BaseUrl, LlmProviderKind.Anthropic, nativeDocuments: false);
        await using var _ = db;
        await using var __ = nexo;
        var url = "data:application/pdf;base64," + Convert.ToBase64String(TestPdf.Create("Invoice total 42 EUR"));

        await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Total?", Files = [url] });
        var first = server.LastChatRequest;
        var connection = Assert.Single(await nexo.Connections.ListAsync());
        await nexo.Connections.UpdateAsync(connection.Id, new LlmConnectionUpdate { NativeDocuments = true });
        await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Currency?" });

        Assert.Contains("<file name=\\\"attachment-1.pdf\\\">\\n--- page 1 ---\\nInvoice total 42 EUR", first.Body, StringComparison.Ordinal);
        Assert.Empty(DocumentBlocks(first));
        var replayed = Assert.Single(DocumentBlocks(server.LastChatRequest));
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(replayed["source"]!["data"]!.GetValue<string>())), StringComparison.Ordinal);
        Assert.DoesNotContain("Invoice total 42 EUR", server.LastChatRequest.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PdfAttachment_OnAnOpenAICompatibleConnectionWithNativeDocuments_IsStillInlinedAsText()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var (nexo, db, chat) = await OpenAsync(server.BaseUrl, LlmProviderKind.OpenAICompatible, nativeDocuments: true);
        await using var _ = db;
        await using var __ = nexo;
        var url = "data:application/pdf;base64," + Convert.ToBase64String(TestPdf.Create("Invoice total 42 EUR"));

        await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Total?", Files = [url] });

        var body = server.LastChatRequest.Body;
        Assert.Contains("--- page 1 ---\\nInvoice total 42 EUR", body, StringComparison.Ordinal);
        Assert.DoesNotContain("application/pdf", body, StringComparison.Ordinal);
        Assert.DoesNotContain("JVBERi0", body, StringComparison.Ordinal); // "%PDF-" in base64
    }

    /// <summary>The <c>document</c> content blocks of every message of an Anthropic Messages request.</summary>
    private static List<JsonNode> DocumentBlocks(RecordedRequest request) =>
        request.Json!["messages"]!.AsArray()
            .SelectMany(m => m!["content"] is JsonArray blocks ? blocks : [])
            .Where(b => b!["type"]?.GetValue<string>() == "document")
            .Select(b => b!)
            .ToList();
}
