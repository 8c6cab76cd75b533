namespace Nexo.Sdk.Tests.Llm;

public sealed class DefaultConnectionTests
{
    [Fact]
    public async Task CreateAsync_FirstConnectionBecomesTheDefault_LaterOnesDoNot()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        var first = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "a", Provider = LlmProviderKind.Ollama, BaseUrl = "http://localhost:11434" });
        await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "b", Provider = LlmProviderKind.Ollama, BaseUrl = "http://localhost:11435" });

        Assert.Equal(first.Id, (await nexo.Connections.GetDefaultAsync())?.Id);
        Assert.Equal(first.Id, await nexo.Settings.GetAsync(NexoSettingKeys.DefaultConnectionId));
    }

    [Fact]
    public async Task SetDefaultAsync_ByName_ChangesTheDefault_AndDeletingItPassesTheRoleToTheOldest()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var first = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "a", Provider = LlmProviderKind.Ollama, BaseUrl = "http://localhost:11434" });
        var second = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "b", Provider = LlmProviderKind.Ollama, BaseUrl = "http://localhost:11435" });

        await nexo.Connections.SetDefaultAsync("B");
        Assert.Equal(second.Id, (await nexo.Connections.GetDefaultAsync())?.Id);

        await nexo.Connections.DeleteAsync(second.Id);
        Assert.Equal(first.Id, await nexo.Settings.GetAsync(NexoSettingKeys.DefaultConnectionId));
        Assert.Equal(first.Id, (await nexo.Connections.GetDefaultAsync())?.Id);

        await nexo.Connections.DeleteAsync(first.Id);
        Assert.Null(await nexo.Settings.GetAsync(NexoSettingKeys.DefaultConnectionId));
        Assert.Null(await nexo.Connections.GetDefaultAsync());
    }

    [Fact]
    public async Task GetDefaultAsync_WithNoConnection_ReturnsNull()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        Assert.Null(await nexo.Connections.GetDefaultAsync());
        var ex = await Assert.ThrowsAsync<NexoException>(() => nexo.Connections.SetDefaultAsync("nope"));
        Assert.Equal(NexoErrorKind.NotFound, ex.Kind);
    }
}
