using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Nexo.Sdk.Tests.Chats;

/// <summary>Item 6 of issue 12: a client cannot make Nexo read a file by writing its path into message metadata.</summary>
public sealed class TrustedMetadataTests
{
    private static readonly JsonElement PasswdMetadata = JsonDocument.Parse("""{"files":[{"name":"passwd","mediaType":"image/png","size":10,"path":"/etc/passwd"}]}""").RootElement.Clone();

    [Fact]
    public async Task SendMessage_WithFilesInMetadata_IsAValidationError_AndCallsNoModel()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");

        await NexoAssert.ValidationAsync("metadata", () => h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "hi", Metadata = PasswdMetadata }));
        await NexoAssert.ValidationAsync("metadata", () => h.Nexo.Messages.CreateAsync(new NewMessage { ChatId = chat.Id, Role = MessageRole.User, Content = "hi", Metadata = PasswdMetadata }));

        Assert.Empty(h.Model.Requests);
        Assert.Empty(await h.Nexo.Messages.ListAsync(chat.Id));
    }

    [Fact]
    public async Task StoredMetadata_PointingOutsideTheAttachmentsFolder_IsNeverReadIntoTheModelRequest()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        var outside = Path.Combine(Directory.CreateTempSubdirectory("nexo-outside").FullName, "secret.png");
        await File.WriteAllTextAsync(outside, "outside-secret-bytes");
        var metadata = JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            files = new object[]
            {
                new { name = "passwd", mediaType = "image/png", size = 10, path = "/etc/passwd" },
                new { name = "secret.png", mediaType = "image/png", size = 20, path = outside },
                new { name = "up.png", mediaType = "image/png", size = 20, path = "../../../../etc/passwd" },
            },
        })).RootElement.Clone();

        // A row written around the SDK's validation (an older Nexo, another tool): its paths must still not be followed.
        var now = DateTimeOffset.UtcNow;
        await h.Nexo.MessageRepository.CreateAsync(new Message { Id = "crafted", ChatId = chat.Id, Role = MessageRole.User, Content = "look", Status = MessageStatus.Complete, Metadata = metadata, CreatedAt = now, UpdatedAt = now });
        await Nexo.Chats.ChatRows.SetActiveMessageAsync(h.Nexo.ChatRepository, chat.Id, "crafted", CancellationToken.None);
        h.Model.Enqueue(Step.Text("ok"));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "and now?" });

        var request = Assert.Single(h.Model.Requests);
        var crafted = request.Messages.First(m => m.Role == ChatRole.User);
        Assert.Empty(crafted.Contents.OfType<DataContent>());
        Assert.Equal(3, crafted.Contents.OfType<TextContent>().Count(c => c.Text.Contains("is no longer available", StringComparison.Ordinal)));
        var everything = string.Join("\n", request.Messages.SelectMany(m => m.Contents).Select(c => c is DataContent d ? System.Text.Encoding.UTF8.GetString(d.Data.Span) : c.ToString()));
        Assert.DoesNotContain("root:", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("outside-secret-bytes", everything, StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(outside)!, true);
    }
}
