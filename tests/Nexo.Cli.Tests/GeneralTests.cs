namespace Nexo.Cli.Tests;

public sealed class GeneralTests : IDisposable
{
    private readonly NexoHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Version_PrintsTheVersionOnly()
    {
        var r = await _home.RunAsync("--version");

        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[\w.]+)?\n$", r.StdOut);
        Assert.Equal(string.Empty, r.StdErr);
    }

    [Fact]
    public async Task Help_ListsTheCommands_TheEnvironmentAndTheExitCodes()
    {
        var r = await _home.RunAsync("--help");

        Assert.Equal(0, r.ExitCode);
        foreach (var command in new[] { "chat", "workspace", "chats", "connection", "mcp", "prompt", "usage", "db", "serve", "completion" })
        {
            Assert.Contains($"\n  {command}", r.StdOut, StringComparison.Ordinal);
        }

        Assert.Contains("NEXO_HOME", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("130  cancelled", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("3    not configured", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoArguments_PrintsHelp()
    {
        var r = await _home.RunAsync();

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_IsAUsageError_WithASuggestion()
    {
        var r = await _home.RunAsync("workspace", "lsit");

        Assert.Equal(2, r.ExitCode);
        Assert.Equal(string.Empty, r.StdOut);
        Assert.StartsWith("error[Usage]: Unrecognized command or argument 'lsit'.", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'list'?", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("See 'nexo workspace --help'.", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupWithoutSubcommand_IsAUsageError_NamingTheSubcommands()
    {
        var r = await _home.RunAsync("chats");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'nexo chats' needs a subcommand: list, show, rename, delete, export, search, cancel, fork, import.", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingArgument_AndBadOptionValue_AreUsageErrors()
    {
        var missing = await _home.RunAsync("workspace", "create");
        var badValue = await _home.RunAsync("chats", "export", "x", "--format", "pdf");
        var badNumber = await _home.RunAsync("chats", "list", "--limit", "many");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("error[Usage]: Required argument 'NAME' missing", missing.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, badValue.ExitCode);
        Assert.Contains("'pdf'", badValue.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, badNumber.ExitCode);
        Assert.Contains("many", badNumber.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SdkErrors_AreOneLineWithTheKind_AndExitCodeOne()
    {
        var r = await _home.RunAsync("workspace", "show", "nope");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("error[NotFound]: The workspace 'nope' does not exist.\n", r.StdErr);
        Assert.Equal(string.Empty, r.StdOut);
    }

    [Fact]
    public async Task DbPath_HonoursNexoHome_AndDbOption_WithoutCreatingTheFile()
    {
        var fromHome = await _home.RunAsync("db", "path");
        var explicitPath = Path.Combine(_home.Folder, "other", "x.db");
        var fromOption = await _home.RunAsync("db", "path", "--db", explicitPath);
        var json = await _home.RunAsync("--json", "db", "path");

        Assert.Equal(_home.DatabasePath + "\n", fromHome.StdOut);
        Assert.Equal(explicitPath + "\n", fromOption.StdOut);
        Assert.False(File.Exists(_home.DatabasePath));
        Assert.Equal(_home.DatabasePath, json.Json.GetProperty("path").GetString());
        Assert.False(json.Json.GetProperty("exists").GetBoolean());
    }

    [Fact]
    public async Task DbOption_IsHonouredByEveryCommand()
    {
        var other = Path.Combine(_home.Folder, "elsewhere.db");

        await _home.RunAsync("workspace", "create", "only-there", "--db", other);
        var there = await _home.RunAsync("--db", other, "workspace", "list", "--json");
        var here = await _home.RunAsync("workspace", "list", "--json");

        Assert.Equal("only-there", Assert.Single(there.Json.EnumerateArray()).GetProperty("name").GetString());
        Assert.Empty(here.Json.EnumerateArray());
        Assert.True(File.Exists(other));
    }

    [Fact]
    public async Task DbMigrate_CreatesTheDatabase_AndReportsTheSchemaVersion()
    {
        var r = await _home.RunAsync("db", "migrate");
        var again = await _home.RunAsync("db", "migrate", "--json");

        Assert.Equal(0, r.ExitCode);
        Assert.True(int.Parse(r.StdOut.Trim(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("Created database", r.StdErr, StringComparison.Ordinal);
        Assert.True(File.Exists(_home.DatabasePath));
        Assert.False(again.Json.GetProperty("created").GetBoolean());
        Assert.Equal(int.Parse(r.StdOut.Trim(), System.Globalization.CultureInfo.InvariantCulture), again.Json.GetProperty("schemaVersion").GetInt32());
    }

    [Fact]
    public async Task DbBackup_WritesACopy_RefusesToOverwrite_UnlessForced()
    {
        await _home.RunAsync("workspace", "create", "kept");
        var target = Path.Combine(_home.Folder, "backups", "b.db");

        var first = await _home.RunAsync("db", "backup", target);
        var second = await _home.RunAsync("db", "backup", target);
        var forced = await _home.RunAsync("db", "backup", target, "--force");
        var fromCopy = await _home.RunAsync("--db", target, "workspace", "list", "--json");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(target + "\n", first.StdOut);
        Assert.Contains("nexo.key", first.StdErr, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(_home.Folder, "nexo.key")), await File.ReadAllTextAsync(Path.Combine(_home.Folder, "backups", "nexo.key")));
        Assert.Equal(1, second.ExitCode);
        Assert.StartsWith("error[Validation]:", second.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal("kept", Assert.Single(fromCopy.Json.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Completion_PrintsAScript_AndTheSuggestDirectiveCompletesCommands()
    {
        var script = await _home.RunAsync("completion", "bash");
        var suggestions = await _home.RunAsync("[suggest:13]", "nexo workspac");
        var sub = await _home.RunAsync("[suggest:17]", "nexo workspace cr");

        Assert.Equal(0, script.ExitCode);
        Assert.Contains("complete -o default -F _nexo_complete nexo", script.StdOut, StringComparison.Ordinal);
        Assert.Contains("workspace", suggestions.Lines);
        Assert.Equal(["create"], sub.Lines);
    }

    [Fact]
    public async Task Output_IsPlain_WhenNotATerminal()
    {
        await _home.RunAsync("workspace", "create", "plain");

        var r = await _home.RunAsync("workspace", "list");

        Assert.DoesNotContain("\u001b[", r.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("plain", r.StdOut, StringComparison.Ordinal);
    }
}
