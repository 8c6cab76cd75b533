namespace Nexo.Cli.Tests;

public sealed class WorkspaceCommandTests : IDisposable
{
    private readonly NexoHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Create_PrintsTheId_AndListShowsIt_AsTableAndJson()
    {
        var created = await _home.RunAsync("workspace", "create", "research");
        var table = await _home.RunAsync("workspace", "list");
        var json = await _home.RunAsync("workspace", "list", "--json");

        Assert.Equal(0, created.ExitCode);
        var id = created.StdOut.Trim();
        Assert.Matches("^[0-9a-f-]{36}$", id);
        Assert.Contains("Created workspace 'research'.", created.StdErr, StringComparison.Ordinal);
        Assert.Matches(@"^\s+NAME\s+ID\s+ROOT\s+CREATED\n", table.StdOut);
        Assert.Contains($"research  {id}", table.StdOut, StringComparison.Ordinal);
        var only = Assert.Single(json.Json.EnumerateArray());
        Assert.Equal(id, only.GetProperty("id").GetString());
        Assert.Equal("research", only.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Create_WithATakenName_IsAConflict()
    {
        await _home.RunAsync("workspace", "create", "twice");

        var r = await _home.RunAsync("workspace", "create", "TWICE");

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error[Conflict]:", r.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, r.StdOut);
    }

    [Fact]
    public async Task Create_WithAnEmptyName_IsAValidationError()
    {
        var r = await _home.RunAsync("workspace", "create", "  ");

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error[Validation]: The name must not be empty.", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Use_MakesAWorkspaceCurrent_ForListShowAndChats()
    {
        await _home.RunAsync("workspace", "create", "a");
        var b = (await _home.RunAsync("workspace", "create", "b")).StdOut.Trim();

        var use = await _home.RunAsync("workspace", "use", "b");
        var list = await _home.RunAsync("workspace", "list");
        var show = await _home.RunAsync("workspace", "show", "--json");

        Assert.Equal(0, use.ExitCode);
        Assert.Contains("Now using workspace 'b'.", use.StdErr, StringComparison.Ordinal);
        Assert.Contains(list.Lines, l => l.StartsWith("* ", StringComparison.Ordinal) && l.Contains(" b ", StringComparison.Ordinal));
        Assert.Equal(b, show.Json.GetProperty("workspace").GetProperty("id").GetString());
    }

    [Fact]
    public async Task NexoWorkspaceVariable_OverridesTheCurrentWorkspace()
    {
        await _home.RunAsync("workspace", "create", "picked");
        _home.Environment["NEXO_WORKSPACE"] = "picked";

        var show = await _home.RunAsync("workspace", "show", "--json");

        Assert.Equal("picked", show.Json.GetProperty("workspace").GetProperty("name").GetString());
    }

    [Fact]
    public async Task WithNoWorkspaceNamed_TheDefaultWorkspaceIsCreatedAndUsed()
    {
        var show = await _home.RunAsync("workspace", "show");
        var list = await _home.RunAsync("workspace", "list", "--json");

        Assert.Equal(0, show.ExitCode);
        Assert.Contains("Name:", show.StdOut, StringComparison.Ordinal);
        Assert.Equal("default", Assert.Single(list.Json.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Update_RenamesAndChangesSettings()
    {
        await _home.RunAsync("workspace", "create", "old");

        var r = await _home.RunAsync(
            "workspace", "update", "old", "--name", "new", "--system", "Be brief.", "--model", "m1", "--temperature", "0.3",
            "--max-tokens", "500", "--stream", "false", "--max-iterations", "4", "--tool-permission", "allow_all", "--json");
        var show = await _home.RunAsync("workspace", "show", "new");

        Assert.Equal(0, r.ExitCode);
        var settings = r.Json.GetProperty("settings");
        Assert.Equal("new", r.Json.GetProperty("workspace").GetProperty("name").GetString());
        Assert.Equal("Be brief.", settings.GetProperty("systemMessage").GetString());
        Assert.Equal("m1", settings.GetProperty("defaultModel").GetString());
        Assert.Equal(0.3, settings.GetProperty("temperature").GetDouble());
        Assert.Equal(500, settings.GetProperty("maxTokens").GetInt32());
        Assert.False(settings.GetProperty("streamEnabled").GetBoolean());
        Assert.Equal(4, settings.GetProperty("maxAgentIterations").GetInt32());
        Assert.Equal("allow_all", settings.GetProperty("toolPermissionMode").GetString());
        Assert.Contains("Streaming:            off", show.StdOut, StringComparison.Ordinal);
        Assert.Contains("System prompt:        Be brief.", show.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_BadInput_FailsWithTheRightCodes()
    {
        await _home.RunAsync("workspace", "create", "w");

        var unknownConnection = await _home.RunAsync("workspace", "update", "w", "--connection", "nope");
        var badRange = await _home.RunAsync("workspace", "update", "w", "--max-iterations", "1000");
        var exclusive = await _home.RunAsync("workspace", "update", "w", "--temperature", "1", "--clear-temperature");
        var badMode = await _home.RunAsync("workspace", "update", "w", "--tool-permission", "sometimes");

        Assert.Equal(1, unknownConnection.ExitCode);
        Assert.StartsWith("error[NotFound]: The LLM connection 'nope' does not exist.", unknownConnection.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, badRange.ExitCode);
        Assert.StartsWith("error[Validation]:", badRange.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, exclusive.ExitCode);
        Assert.Equal(2, badMode.ExitCode);
    }

    [Fact]
    public async Task Update_BuiltinToolsAndAllowReads_AreStoredAndShown_AllAndNoneWork_AndAnUnknownToolIsAUsageError()
    {
        var folder = Directory.CreateTempSubdirectory("nexo-ws-root-").FullName;
        try
        {
            await _home.RunAsync("workspace", "create", "proj", "--root", folder);

            var some = await _home.RunAsync("workspace", "update", "proj", "--builtin-tools", "edit_file, read_file", "--tool-permission", "allow_reads", "--json");
            var shown = await _home.RunAsync("workspace", "show", "proj");
            var all = await _home.RunAsync("workspace", "update", "proj", "--builtin-tools", "all", "--json");
            var allShown = await _home.RunAsync("workspace", "show", "proj");
            var unknown = await _home.RunAsync("workspace", "update", "proj", "--builtin-tools", "read_file,rm_rf");
            var kept = await _home.RunAsync("workspace", "show", "proj", "--json");
            var none = await _home.RunAsync("workspace", "update", "proj", "--builtin-tools", "none", "--json");
            await _home.RunAsync("workspace", "create", "nofolder");
            var noFolder = await _home.RunAsync("workspace", "update", "nofolder", "--builtin-tools", "read_file");

            Assert.Equal(0, some.ExitCode);
            Assert.Equal(["read_file", "edit_file"], Names(some.Json.GetProperty("settings").GetProperty("builtinTools")));
            Assert.Equal("allow_reads", some.Json.GetProperty("settings").GetProperty("toolPermissionMode").GetString());
            Assert.Matches(@"Tool permission:\s+allow_reads\n", shown.StdOut);
            Assert.Matches(@"Built-in tools:\s+read_file, edit_file\n", shown.StdOut);
            Assert.Equal(BuiltinToolNames.All, Names(all.Json.GetProperty("settings").GetProperty("builtinTools")));
            Assert.Contains("Built-in tools:", allShown.StdOut, StringComparison.Ordinal);
            Assert.Contains("all (read_file, list_directory, find_files, search_text, write_file, edit_file, run_command, update_plan, read_mcp_resource)", allShown.StdOut, StringComparison.Ordinal);
            Assert.Equal(2, unknown.ExitCode);
            Assert.Contains("rm_rf", unknown.StdErr, StringComparison.Ordinal);
            Assert.Equal(BuiltinToolNames.All, Names(kept.Json.GetProperty("settings").GetProperty("builtinTools")));
            Assert.Empty(Names(none.Json.GetProperty("settings").GetProperty("builtinTools")));
            Assert.Equal(0, noFolder.ExitCode);
            Assert.Contains("has no folder", noFolder.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<string> Names(System.Text.Json.JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    [Fact]
    public async Task Delete_NeedsYesWithoutATerminal_ThenDeletesEverything()
    {
        await _home.RunAsync("workspace", "create", "doomed");
        await _home.RunAsync("workspace", "use", "doomed");

        var refused = await _home.RunAsync("workspace", "delete", "doomed");
        var deleted = await _home.RunAsync("workspace", "delete", "doomed", "--yes");
        var list = await _home.RunAsync("workspace", "list", "--json");
        var missing = await _home.RunAsync("workspace", "delete", "doomed", "--yes");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("pass --yes", refused.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, deleted.ExitCode);
        Assert.Empty(list.Json.EnumerateArray());
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("error[NotFound]:", missing.StdErr, StringComparison.Ordinal);
    }
}
