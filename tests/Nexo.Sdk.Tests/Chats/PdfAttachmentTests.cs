using Nexo.Testing;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>PDF attachments: their text (PdfPig) is inlined with page markers and reaches the provider.</summary>
public sealed class PdfAttachmentTests
{
    private static async Task<(NexoClient Nexo, TempDatabase Db, Chat Chat)> OpenAsync(string baseUrl)
    {
        var db = new TempDatabase();
        var nexo = await NexoClient.OpenAsync(db.Options);
        var ws = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "w" });
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "p", Provider = LlmProviderKind.OpenAICompatible, BaseUrl = baseUrl, ApiKey = "sk-test-key", DefaultModel = "m1" });
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
}
