namespace Nexo.Sdk.Tests.BuiltinTools;

/// <summary>The file tools' ordinary work, through real turns on a real folder.</summary>
public sealed class FileToolTests
{
    private static Dictionary<string, object?> Args(params (string Name, object? Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    [Fact]
    public async Task ReadFile_ReturnsNumberedLines_AndAWindowWithOffsetAndLimit()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        h.Write("src/app.txt", "one\ntwo\nthree\nfour\n");

        var all = await h.OkAsync("read_file", Args(("path", "src/app.txt")));
        var window = await h.OkAsync("read_file", Args(("path", "src/app.txt"), ("offset", 2), ("limit", 2)));

        Assert.Equal("     1\tone\n     2\ttwo\n     3\tthree\n     4\tfour", all);
        Assert.Equal("     2\ttwo\n     3\tthree\n[Lines 2–3 shown; the file goes on. Read on with offset=4.]", window);
    }

    [Fact]
    public async Task ReadFile_OfAMissingFile_IsAToolErrorTheModelSees()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();

        var error = await h.ErrorAsync("read_file", Args(("path", "nope.txt")));

        Assert.Equal("read_file: 'nope.txt' does not exist.", error);
        var result = h.Model.Requests.Last().Messages.Last().Contents.OfType<Microsoft.Extensions.AI.FunctionResultContent>().Single();
        Assert.Equal("Error: read_file: 'nope.txt' does not exist.", result.Result);
    }

    [Fact]
    public async Task WriteFile_CreatesTheFileAndItsFolders_InsideTheRoot()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();

        var result = await h.OkAsync("write_file", Args(("path", "a/b/c.txt"), ("content", "hello\nworld\n")));

        Assert.Equal("hello\nworld\n", File.ReadAllText(h.PathOf("a/b/c.txt")));
        Assert.Equal("Created a/b/c.txt (2 lines, 12 bytes).", result);
    }

    [Fact]
    public async Task EditFile_ReplacesTheOnlyOccurrence_AndReturnsAUnifiedDiff()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        h.Write("code.cs", "line 1\nline 2\nline 3\nint x = 1;\nline 5\nline 6\nline 7\nline 8\n");

        var result = await h.OkAsync("edit_file", Args(("path", "code.cs"), ("oldText", "int x = 1;"), ("newText", "int x = 2;")));

        Assert.Equal("line 1\nline 2\nline 3\nint x = 2;\nline 5\nline 6\nline 7\nline 8\n", File.ReadAllText(h.PathOf("code.cs")));
        Assert.Equal(
            """
            Edited code.cs: replaced 1 occurrence.

            --- a/code.cs
            +++ b/code.cs
            @@ -1,7 +1,7 @@
             line 1
             line 2
             line 3
            -int x = 1;
            +int x = 2;
             line 5
             line 6
             line 7
            """.ReplaceLineEndings("\n"),
            result);
    }

    [Fact]
    public async Task EditFile_WhenOldTextOccursTwice_RefusesUnlessReplaceAll()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        h.Write("twice.txt", "a = 1\nb = 1\n");

        var error = await h.ErrorAsync("edit_file", Args(("path", "twice.txt"), ("oldText", "= 1"), ("newText", "= 2")));
        Assert.Equal("a = 1\nb = 1\n", File.ReadAllText(h.PathOf("twice.txt")));
        var result = await h.OkAsync("edit_file", Args(("path", "twice.txt"), ("oldText", "= 1"), ("newText", "= 2"), ("replaceAll", true)));

        Assert.Contains("occurs 2 times", error, StringComparison.Ordinal);
        Assert.Equal("a = 2\nb = 2\n", File.ReadAllText(h.PathOf("twice.txt")));
        Assert.StartsWith("Edited twice.txt: replaced 2 occurrences.", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditFile_WhenOldTextIsMissing_FailsAndLeavesTheFile()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        h.Write("f.txt", "alpha\n");

        var error = await h.ErrorAsync("edit_file", Args(("path", "f.txt"), ("oldText", "beta"), ("newText", "gamma")));

        Assert.StartsWith("edit_file: oldText was not found in 'f.txt'.", error, StringComparison.Ordinal);
        Assert.Equal("alpha\n", File.ReadAllText(h.PathOf("f.txt")));
    }

    [Fact]
    public async Task EditFile_OnWindowsLineEnds_MatchesTextGivenWithNewlines_AndKeepsTheLineEndsAndTheByteOrderMark()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        File.WriteAllBytes(h.PathOf("crlf.txt"), [0xEF, 0xBB, 0xBF, .. "first\r\nsecond\r\nthird\r\n"u8]);

        var read = await h.OkAsync("read_file", Args(("path", "crlf.txt")));
        await h.OkAsync("edit_file", Args(("path", "crlf.txt"), ("oldText", "first\nsecond"), ("newText", "one\ntwo")));

        Assert.Equal("     1\tfirst\n     2\tsecond\n     3\tthird", read);
        Assert.Equal([0xEF, 0xBB, 0xBF, .. "one\r\ntwo\r\nthird\r\n"u8], File.ReadAllBytes(h.PathOf("crlf.txt")));
    }

    [Fact]
    public async Task RunCommand_RunsInTheRoot_AndReturnsExitCodeAndOutput()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        Directory.CreateDirectory(h.PathOf("sub"));

        var shell = await h.OkAsync("run_command", Args(("command", "pwd; echo err >&2; exit 3")));
        var argv = await h.OkAsync("run_command", Args(("argv", new[] { "pwd" }), ("cwd", "sub")));

        Assert.StartsWith("$ pwd; echo err >&2; exit 3\nExit code: 3\n", shell, StringComparison.Ordinal);
        Assert.Equal([h.Root, "err"], shell.Split('\n').Skip(2).Order(StringComparer.Ordinal)); // stdout and stderr, in the order they came
        Assert.Equal($"$ pwd\nExit code: 0\n{h.PathOf("sub")}", argv);
    }

    [Fact]
    public async Task UpdatePlan_StoresThePlanWithTheChat_AndPublishesPlanUpdated()
    {
        await using var h = await BuiltinToolHarness.CreateAsync(mode: ToolPermissionMode.Ask);
        var entries = new object[]
        {
            new Dictionary<string, object?> { ["content"] = "Read the code", ["priority"] = "high", ["status"] = "completed" },
            new Dictionary<string, object?> { ["content"] = "Fix the bug", ["priority"] = "medium", ["status"] = "in_progress" },
        };

        var result = await h.OkAsync("update_plan", Args(("entries", entries)));

        Assert.Equal("Plan updated: 2 steps (1 completed, 1 in progress, 0 pending).", result);
        var stored = (await h.Nexo.Chats.GetAsync(h.Chat.Id)).Plan!;
        Assert.Equal([("Read the code", "high", "completed"), ("Fix the bug", "medium", "in_progress")], stored.Select(e => (e.Content, e.Priority, e.Status)));
        var published = Assert.Single(h.Chats.EventsOf<PlanUpdatedEvent>(h.Chat.Id));
        Assert.Equal(stored, published.Entries);
        Assert.Empty(h.Chats.EventsOf<ToolPermissionRequestEvent>(h.Chat.Id)); // no permission needed, even in ask mode
    }

    [Fact]
    public async Task WorkspaceWithoutAFolder_OffersOnlyTheToolsThatNeedNoFolder()
    {
        await using var h = await BuiltinToolHarness.CreateAsync(withFolder: false);

        await h.CallAsync("update_plan", Args(("entries", Array.Empty<object>())));

        Assert.Equal(["update_plan", "read_mcp_resource"], h.OfferedTools());
    }
}
