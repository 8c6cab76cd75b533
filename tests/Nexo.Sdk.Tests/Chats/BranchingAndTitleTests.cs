namespace Nexo.Sdk.Tests.Chats;

public sealed class BranchingAndTitleTests
{
    [Fact]
    public async Task EditAndResend_StartsANewBranch_AndKeepsTheOldOne()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("A1"));
        h.Model.Enqueue(Step.Text("A2"));
        h.Model.Enqueue(Step.Text("A2 edited"));
        var first = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Q1" });
        var second = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Q2" });

        var edited = await h.Nexo.Chats.EditAndResendAsync(new EditAndResendRequest { ChatId = chat.Id, MessageId = second.UserMessageId, NewContent = "Q2 better" });

        var branch = await h.Nexo.Messages.GetActiveBranchAsync(chat.Id);
        Assert.Equal(["Q1", "A1", "Q2 better", "A2 edited"], branch.Select(m => m.Content));
        Assert.Equal(first.AssistantMessageId, (await h.Nexo.Messages.GetAsync(edited.UserMessageId)).ParentId);
        Assert.Equal(6, (await h.Nexo.Messages.ListAsync(chat.Id)).Count);
        Assert.Equal(["Q1", "A1", "Q2 better"], h.Model.Requests.Last().Messages.Select(m => m.Text));

        await h.Nexo.Chats.SwitchBranchAsync(chat.Id, second.AssistantMessageId);
        Assert.Equal(["Q1", "A1", "Q2", "A2"], (await h.Nexo.Messages.GetActiveBranchAsync(chat.Id)).Select(m => m.Content));
    }

    [Fact]
    public async Task Regenerate_AddsASiblingAnswer()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("t");
        h.Model.Enqueue(Step.Text("first try"));
        h.Model.Enqueue(Step.Text("second try"));
        var first = await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "Q" });

        var again = await h.Nexo.Chats.RegenerateAsync(new RegenerateRequest { ChatId = chat.Id, MessageId = first.AssistantMessageId });

        Assert.Equal(first.UserMessageId, again.UserMessageId);
        Assert.Equal(first.UserMessageId, again.AssistantMessage.ParentId);
        Assert.Equal(["Q", "second try"], (await h.Nexo.Messages.GetActiveBranchAsync(chat.Id)).Select(m => m.Content));
        Assert.Equal(["Q"], h.Model.Requests.Last().Messages.Select(m => m.Text));
        Assert.Equal("first try", (await h.Nexo.Messages.GetAsync(first.AssistantMessageId)).Content);
    }

    [Fact]
    public async Task FirstExchange_GetsAGeneratedTitle()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync();
        var titled = new TaskCompletionSource<ChatUpdatedEvent>();
        using var sub = h.Nexo.Events.Subscribe(e =>
        {
            if (e is ChatUpdatedEvent u && u.Title != ChatService.DefaultTitle)
            {
                titled.TrySetResult(u);
            }
        });
        h.Model.Enqueue(Step.Text("Paris is the capital."));
        h.Model.Enqueue(Step.Text("\"Capital of France.\""));

        await h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "What is the capital of France?" });
        var update = await titled.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("Capital of France", update.Title);
        Assert.Equal("Capital of France", (await h.Nexo.Chats.GetAsync(chat.Id)).Title);
    }

    [Fact]
    public async Task GenerateTitle_FallsBackToTheFirstWords_WhenTheModelFails()
    {
        await using var h = await ChatHarness.CreateAsync();
        var chat = await h.NewChatAsync("Something");
        h.Model.Enqueue(Step.Fail(new HttpRequestException("down")));

        var title = await h.Nexo.Chats.GenerateTitleAsync(chat.Id, "please summarise the quarterly sales report for me today");

        Assert.Equal("please summarise the quarterly sales report", title);
        Assert.Equal(title, (await h.Nexo.Chats.GetAsync(chat.Id)).Title);
    }
}
