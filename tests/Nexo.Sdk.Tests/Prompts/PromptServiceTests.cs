namespace Nexo.Sdk.Tests.Prompts;

public sealed class PromptServiceTests
{
    [Fact]
    public async Task Crud_CreateReadUpdateListDelete()
    {
        await using var db = new TempDatabase();
        var clock = new ManualTimeProvider();
        await using var nexo = await db.OpenAsync(clock);

        var review = await nexo.Prompts.CreateAsync(new NewPrompt { Name = "Review", Content = "Review {{code}}", Description = "  code review " });
        clock.Advance();
        var summary = await nexo.Prompts.CreateAsync(new NewPrompt { Id = "p-sum", Name = "Summary", Content = "Summarise {{text}}" });

        Assert.Equal("code review", review.Description);
        Assert.Equal(review, await nexo.Prompts.GetAsync(review.Id));
        Assert.Equal(summary, await nexo.Prompts.FindAsync("summary"));
        Assert.Equal(summary, await nexo.Prompts.FindAsync("p-sum"));
        Assert.Equal([summary.Id, review.Id], (await nexo.Prompts.ListAsync()).Select(p => p.Id));

        clock.Advance();
        var updated = await nexo.Prompts.UpdateAsync(review.Id, new PromptUpdate { Content = "Review {{code}} for {{focus}}", Description = "" });
        Assert.Equal("Review", updated.Name);
        Assert.Null(updated.Description);
        Assert.Equal(updated, await nexo.Prompts.GetAsync(review.Id));
        Assert.Equal([review.Id, summary.Id], (await nexo.Prompts.ListAsync()).Select(p => p.Id));

        await nexo.Prompts.DeleteAsync(review.Id);
        Assert.Equal([summary.Id], (await nexo.Prompts.ListAsync()).Select(p => p.Id));
        await NexoAssert.NotFoundAsync("prompt", () => nexo.Prompts.GetAsync(review.Id));
        await NexoAssert.NotFoundAsync("prompt", () => nexo.Prompts.DeleteAsync(review.Id));
        await NexoAssert.NotFoundAsync("prompt", () => nexo.Prompts.UpdateAsync(review.Id, new PromptUpdate { Name = "x" }));
    }

    [Fact]
    public async Task Variables_ListDistinctPlaceholdersInOrderOfFirstUse()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        var prompt = await nexo.Prompts.CreateAsync(new NewPrompt { Name = "p", Content = "Hi {{ name }}, welcome to {{place}}. Bye {{name}}! {{ not valid }} {{a.b-c_d}}" });

        Assert.Equal(["name", "place", "a.b-c_d"], prompt.Variables);
        Assert.Equal(prompt.Variables, (await nexo.Prompts.GetAsync(prompt.Id)).Variables);
    }

    [Fact]
    public async Task RenderAsync_ReplacesEveryPlaceholder()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await nexo.Prompts.CreateAsync(new NewPrompt { Name = "greet", Content = "Hi {{ name }}, welcome to {{place}}. Bye {{name}}!" });

        var text = await nexo.Prompts.RenderAsync("GREET", new Dictionary<string, string> { ["name"] = "Ada", ["place"] = "Nexo", ["unused"] = "x" });

        Assert.Equal("Hi Ada, welcome to Nexo. Bye Ada!", text);
    }

    [Fact]
    public async Task RenderAsync_WithMissingValues_IsAValidationErrorNamingThem()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        await nexo.Prompts.CreateAsync(new NewPrompt { Name = "greet", Content = "{{a}} {{b}} {{c}} {{b}}" });

        var ex = await NexoAssert.ValidationAsync("variables", () => nexo.Prompts.RenderAsync("greet", new Dictionary<string, string> { ["a"] = "1" }));

        Assert.Contains("b, c", ex.Message, StringComparison.Ordinal);
        await NexoAssert.NotFoundAsync("prompt", () => nexo.Prompts.RenderAsync("missing", new Dictionary<string, string>()));
    }

    [Fact]
    public void Render_NotStrict_LeavesUnknownPlaceholdersAsWritten()
    {
        Assert.Equal("1 {{ b }}", PromptTemplate.Render("{{a}} {{ b }}", new Dictionary<string, string> { ["a"] = "1" }));
    }
}
