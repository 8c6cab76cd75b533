namespace Nexo.Cli.Tests;

public sealed class PromptCommandTests : IDisposable
{
    private readonly NexoHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Add_FromArgumentStdinAndFile_ThenListAndShow()
    {
        var file = Path.Combine(_home.Folder, "p.txt");
        await File.WriteAllTextAsync(file, "From a file about {{topic}}");

        var inline = await _home.RunAsync("prompt", "add", "review", "Review this {{language}} code for {{focus}}.", "-d", "Code review");
        var piped = await _home.RunWithInputAsync("Summarise:\n{{text}}\n", "prompt", "add", "summary");
        var fromFile = await _home.RunAsync("prompt", "add", "filed", "--file", file);
        var list = await _home.RunAsync("prompt", "list");
        var show = await _home.RunAsync("prompt", "show", "summary");
        var json = await _home.RunAsync("prompt", "show", "review", "--json");

        Assert.Equal(0, inline.ExitCode);
        Assert.Contains("with variables language, focus", inline.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, piped.ExitCode);
        Assert.Equal(0, fromFile.ExitCode);
        Assert.Contains(list.Lines, l => l.StartsWith("review", StringComparison.Ordinal) && l.Contains("language, focus", StringComparison.Ordinal) && l.Contains("Code review", StringComparison.Ordinal));
        Assert.Equal("Summarise:\n{{text}}\n\n", show.StdOut);
        Assert.Equal(["language", "focus"], json.Json.GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Render_FillsVariables_AndNamesMissingOnes()
    {
        await _home.RunAsync("prompt", "add", "greet", "Hello {{name}}, welcome to {{place}}!");

        var ok = await _home.RunAsync("prompt", "render", "greet", "--var", "name=Ada", "--var", "place=Nexo");
        var missing = await _home.RunAsync("prompt", "render", "greet", "--var", "name=Ada");
        var malformed = await _home.RunAsync("prompt", "render", "greet", "--var", "name");
        var unknown = await _home.RunAsync("prompt", "render", "nope");

        Assert.Equal("Hello Ada, welcome to Nexo!\n", ok.StdOut);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("error[Validation]: The template needs a value for: place.\n", missing.StdErr);
        Assert.Equal(2, malformed.ExitCode);
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("error[NotFound]:", unknown.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_And_Remove()
    {
        await _home.RunAsync("prompt", "add", "p", "first {{a}}");

        var update = await _home.RunAsync("prompt", "update", "p", "--content", "second {{b}}", "--name", "q", "--json");
        var remove = await _home.RunAsync("prompt", "remove", "q");
        var list = await _home.RunAsync("prompt", "list", "--json");
        var again = await _home.RunAsync("prompt", "remove", "q");

        Assert.Equal("second {{b}}", update.Json.GetProperty("content").GetString());
        Assert.Equal("q", update.Json.GetProperty("name").GetString());
        Assert.Equal(0, remove.ExitCode);
        Assert.Empty(list.Json.EnumerateArray());
        Assert.Equal(1, again.ExitCode);
    }

    [Fact]
    public async Task Add_WithoutContent_IsAUsageError_AndEmptyContentAValidationError()
    {
        var none = await _home.RunAsync("prompt", "add", "empty");
        var blank = await _home.RunAsync("prompt", "add", "blank", "   ");
        var both = await _home.RunAsync("prompt", "add", "both", "text", "--file", "x.txt");

        Assert.Equal(2, none.ExitCode);
        Assert.Equal(1, blank.ExitCode);
        Assert.StartsWith("error[Validation]:", blank.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
    }
}
