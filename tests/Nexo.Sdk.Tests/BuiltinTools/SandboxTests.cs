using System.Diagnostics;
using System.Globalization;
using Nexo.Sdk.Tests.Chats;

namespace Nexo.Sdk.Tests.BuiltinTools;

/// <summary>
/// The sandbox under hostile inputs, each through a real turn: every one is refused or capped with a clear tool error
/// the model sees, and nothing outside the workspace folder is read or changed (the sibling folder hashes the same
/// before and after).
/// </summary>
public sealed class SandboxTests
{
    private static Dictionary<string, object?> Args(params (string Name, object? Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    /// <summary>Runs the hostile calls and checks that each failed with a message containing its expected text, the sibling folder untouched.</summary>
    private static async Task AssertRefusedAsync(BuiltinToolHarness h, params (string Tool, Dictionary<string, object?> Args, string Expected)[] calls)
    {
        var before = BuiltinToolHarness.HashFolder(h.Outside);
        foreach (var (tool, args, expected) in calls)
        {
            var error = await h.ErrorAsync(tool, args);
            Assert.Contains(expected, error, StringComparison.Ordinal);
            Assert.DoesNotContain("the sibling's secret", error, StringComparison.Ordinal);
        }

        Assert.Equal(before, BuiltinToolHarness.HashFolder(h.Outside));
        Assert.False(File.Exists(Path.Combine(h.Outside, "new.txt")));
    }

    [Fact]
    public async Task Traversal_WithDotDot_IsRefusedByEveryTool()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        h.Write("inside.txt", "x\n");
        const string Outside = "is outside the workspace folder";

        await AssertRefusedAsync(
            h,
            ("read_file", Args(("path", "../outside/secret.txt")), Outside),
            ("read_file", Args(("path", "sub/../../outside/secret.txt")), Outside),
            ("write_file", Args(("path", "../outside/new.txt"), ("content", "pwned")), Outside),
            ("write_file", Args(("path", "../outside/secret.txt"), ("content", "pwned")), Outside),
            ("edit_file", Args(("path", "../outside/secret.txt"), ("oldText", "secret"), ("newText", "pwned")), Outside),
            ("list_directory", Args(("path", "..")), Outside),
            ("find_files", Args(("pattern", "*"), ("path", "../outside")), Outside),
            ("search_text", Args(("pattern", "secret"), ("path", "..")), Outside),
            ("run_command", Args(("command", "cat secret.txt"), ("cwd", "../outside")), Outside));
        Assert.Equal(
            $"read_file: '../outside/secret.txt' is outside the workspace folder {h.Root}; only paths inside it can be used.",
            (await h.CallAsync("read_file", Args(("path", "../outside/secret.txt")))).Content);
    }

    [Fact]
    public async Task AbsolutePathsElsewhere_AreRefused_AbsolutePathsInside_Work()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        h.Write("inside.txt", "inside\n");
        const string Outside = "is outside the workspace folder";

        await AssertRefusedAsync(
            h,
            ("read_file", Args(("path", Path.Combine(h.Outside, "secret.txt"))), Outside),
            ("read_file", Args(("path", "/etc/passwd")), Outside),
            ("read_file", Args(("path", "/dev/zero")), Outside),
            ("write_file", Args(("path", Path.Combine(h.Outside, "new.txt")), ("content", "pwned")), Outside),
            ("list_directory", Args(("path", "/")), Outside),
            ("run_command", Args(("argv", new[] { "ls" }), ("cwd", "/tmp")), Outside));
        Assert.Equal("     1\tinside", await h.OkAsync("read_file", Args(("path", h.PathOf("inside.txt")))));
    }

    [Fact]
    public async Task SymlinkOutOfTheRoot_IsRefused_AndWalksDoNotFollowIt()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        File.CreateSymbolicLink(h.PathOf("secret-link.txt"), Path.Combine(h.Outside, "secret.txt"));
        Directory.CreateSymbolicLink(h.PathOf("escape"), h.Outside);
        Directory.CreateSymbolicLink(h.PathOf("relative-escape"), "../outside");
        h.Write("inner/ok.txt", "secret inside\n");
        Directory.CreateSymbolicLink(h.PathOf("inner-link"), "inner");
        const string Through = "leads outside the workspace folder";

        await AssertRefusedAsync(
            h,
            ("read_file", Args(("path", "secret-link.txt")), Through),
            ("read_file", Args(("path", "escape/secret.txt")), Through),
            ("read_file", Args(("path", "relative-escape/notes.md")), Through),
            ("write_file", Args(("path", "escape/new.txt"), ("content", "pwned")), Through),
            ("write_file", Args(("path", "secret-link.txt"), ("content", "pwned")), Through),
            ("edit_file", Args(("path", "escape/secret.txt"), ("oldText", "secret"), ("newText", "pwned")), Through),
            ("list_directory", Args(("path", "escape")), Through),
            ("run_command", Args(("command", "cat secret.txt"), ("cwd", "escape")), Through));

        // A walk over the whole folder neither follows the links out nor shows what they point to.
        Assert.Equal("inner/ok.txt:1: secret inside", await h.OkAsync("search_text", Args(("pattern", "secret"))));
        Assert.Equal("inner/ok.txt", await h.OkAsync("find_files", Args(("pattern", "*.txt"))));

        // A link that stays inside works.
        Assert.Equal("     1\tsecret inside", await h.OkAsync("read_file", Args(("path", "inner-link/ok.txt"))));
    }

    [Fact]
    public async Task SymlinkLoop_IsRefused_AndDoesNotHangAWalk()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        File.CreateSymbolicLink(h.PathOf("loop-a"), "loop-b");
        File.CreateSymbolicLink(h.PathOf("loop-b"), "loop-a");
        File.CreateSymbolicLink(h.PathOf("self"), "self");
        h.Write("real.txt", "loop\n");

        await AssertRefusedAsync(
            h,
            ("read_file", Args(("path", "loop-a")), "symbolic link loop"),
            ("read_file", Args(("path", "self/x")), "symbolic link loop"),
            ("write_file", Args(("path", "loop-b"), ("content", "x")), "symbolic link loop"));
        Assert.Equal("real.txt:1: loop", await h.OkAsync("search_text", Args(("pattern", "loop"))));
    }

    [Fact]
    public async Task HugeFile_IsReadInCappedParts_AndNeverWhole()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        var line = new string('x', 99) + "\n";
        await File.WriteAllTextAsync(h.PathOf("huge.txt"), string.Concat(Enumerable.Repeat(line, 200_000))); // 20 MB
        await File.WriteAllTextAsync(h.PathOf("one-line.txt"), new string('y', 5_000_000)); // 5 MB, no line end

        var first = await h.OkAsync("read_file", Args(("path", "huge.txt")));
        var later = await h.OkAsync("read_file", Args(("path", "huge.txt"), ("offset", 150_000), ("limit", 3)));
        var longLine = await h.OkAsync("read_file", Args(("path", "one-line.txt")));
        var search = await h.OkAsync("search_text", Args(("pattern", "y+")));
        var edit = await h.ErrorAsync("edit_file", Args(("path", "huge.txt"), ("oldText", "x"), ("newText", "z")));

        Assert.Equal(2000, first.Split('\n').Length - 1);
        Assert.EndsWith("[Lines 1–2000 shown; the file goes on. Read on with offset=2001.]", first, StringComparison.Ordinal);
        Assert.StartsWith("150000\t" + new string('x', 99) + "\n150001\t", later, StringComparison.Ordinal);
        Assert.InRange(longLine.Length, 256 * 1024, (256 * 1024) + 300);
        Assert.EndsWith("That line alone is longer than the cap; use search_text or run_command to look into it.]", longLine, StringComparison.Ordinal);
        Assert.Equal("No matches for /y+/ in 0 files.\n[Skipped 2 files over 4 MB.]", search);
        Assert.Contains("more than the 10 MB a tool edits", edit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BinaryFile_IsRefusedForReadingAndEditing()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        File.WriteAllBytes(h.PathOf("image.png"), [0x89, .. "PNG"u8, 0, 0, 0, 13, .. "text"u8]);

        await AssertRefusedAsync(
            h,
            ("read_file", Args(("path", "image.png")), "'image.png' is a binary file (it has NUL bytes)"),
            ("edit_file", Args(("path", "image.png"), ("oldText", "text"), ("newText", "x")), "'image.png' is a binary file"));
    }

    [Fact]
    public async Task TheStoresOwnFiles_AreRefused_WhenTheWorkspaceFolderHoldsThem()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        var dataFolder = Path.GetDirectoryName(h.Chats.DatabasePath)!;
        var attachment = Path.Combine(dataFolder, "attachments", "m1", "a.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(attachment)!);
        File.WriteAllText(attachment, "an attachment\n");
        File.WriteAllText(Path.Combine(dataFolder, "readme.txt"), "not Nexo's\n");
        Assert.True(File.Exists(Path.Combine(dataFolder, "nexo.key")));

        // The database's own folder as the workspace folder: the store's files are refused, the rest is usable.
        await h.Nexo.Workspaces.UpdateAsync(h.Chats.Workspace.Id, new WorkspaceUpdate { RootPath = dataFolder });
        var keyBefore = File.ReadAllBytes(Path.Combine(dataFolder, "nexo.key"));
        const string Own = "is one of Nexo's own files";
        foreach (var (tool, args) in new[]
        {
            ("read_file", Args(("path", "nexo.db"))),
            ("read_file", Args(("path", "nexo.db-wal"))),
            ("read_file", Args(("path", "nexo.key"))),
            ("read_file", Args(("path", "attachments/m1/a.txt"))),
            ("write_file", Args(("path", "nexo.key"), ("content", "pwned"))),
            ("write_file", Args(("path", "attachments/new.txt"), ("content", "pwned"))),
            ("list_directory", Args(("path", "attachments"))),
        })
        {
            Assert.Contains(Own, await h.ErrorAsync(tool, args), StringComparison.Ordinal);
        }

        Assert.Equal(keyBefore, File.ReadAllBytes(Path.Combine(dataFolder, "nexo.key")));
        Assert.Equal("The workspace folder (1 entry):\nfile  readme.txt  11", await h.OkAsync("list_directory", Args()));
        Assert.Equal("readme.txt", await h.OkAsync("find_files", Args(("pattern", "*"))));
        Assert.StartsWith("No matches", await h.OkAsync("search_text", Args(("pattern", "attachment|SQLite"))), StringComparison.Ordinal);

        // A workspace folder that holds the data folder: the whole data folder is refused.
        var parent = Path.GetDirectoryName(dataFolder)!;
        await h.Nexo.Workspaces.UpdateAsync(h.Chats.Workspace.Id, new WorkspaceUpdate { RootPath = parent });
        var inData = Path.GetFileName(dataFolder) + "/readme.txt";
        Assert.Contains(Own, await h.ErrorAsync("read_file", Args(("path", inData))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevicesAndFifos_AreRefused_AndAWalkNeverOpensThem()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        var mkfifo = Process.Start("mkfifo", [h.PathOf("pipe")]);
        await mkfifo.WaitForExitAsync();
        Assert.Equal(0, mkfifo.ExitCode);
        h.Write("plain.txt", "plain\n");

        await AssertRefusedAsync(
            h,
            ("read_file", Args(("path", "pipe")), "is not a regular file (a device, FIFO or socket)"),
            ("write_file", Args(("path", "pipe"), ("content", "x")), "is not a regular file"),
            ("edit_file", Args(("path", "pipe"), ("oldText", "a"), ("newText", "b")), "is not a regular file"),
            ("search_text", Args(("pattern", "x"), ("path", "pipe")), "is not a regular file"));
        Assert.Equal("plain.txt:1: plain", await h.OkAsync("search_text", Args(("pattern", "plain"))));
        Assert.Contains("other pipe  (a device, FIFO or socket)", await h.OkAsync("list_directory", Args()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandThatNeverEnds_IsKilledAtItsTimeout_WithItsWholeProcessTree()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        var before = BuiltinToolHarness.HashFolder(h.Outside);
        var watch = Stopwatch.StartNew();

        // A shell that starts a child and a detached grandchild (its own session), prints, then waits forever.
        var error = await h.ErrorAsync("run_command", Args(
            ("command", "sleep 300 & echo $! > child.pid; setsid sleep 300 & echo $! > detached.pid; echo started; wait"),
            ("timeoutSeconds", 2)));

        Assert.InRange(watch.Elapsed.TotalSeconds, 1.5, 20);
        Assert.StartsWith("run_command: the command ran longer than 2 s and was killed with its child processes.", error, StringComparison.Ordinal);
        Assert.Contains("started", error, StringComparison.Ordinal);
        foreach (var file in new[] { "child.pid", "detached.pid" })
        {
            var pid = int.Parse(File.ReadAllText(h.PathOf(file)).Trim(), CultureInfo.InvariantCulture);
            await AssertGoneAsync(pid);
        }

        Assert.Equal(before, BuiltinToolHarness.HashFolder(h.Outside));
    }

    [Fact]
    public async Task CancellingTheTurn_KillsARunningCommandsProcessTree()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        h.Model.Enqueue(Step.Call("c1", "run_command", Args(("command", "sleep 300 & echo $! > child.pid; wait"))));
        h.Model.Enqueue(Step.Text("done"));

        var turn = h.Nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = h.Chat.Id, Content = "run" });
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!File.Exists(h.PathOf("child.pid")) || File.ReadAllText(h.PathOf("child.pid")).Trim().Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the command did not start");
            await Task.Delay(50);
        }

        await h.Nexo.Chats.CancelAsync(h.Chat.Id);
        var result = await turn;

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        await AssertGoneAsync(int.Parse(File.ReadAllText(h.PathOf("child.pid")).Trim(), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task CommandThatFloodsStdout_IsCapped_WithTheNumberOfCutCharacters()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();

        var result = await h.OkAsync("run_command", Args(("command", "echo first; head -c 5000000 /dev/zero | tr '\\0' a; echo; echo last")));

        Assert.InRange(result.Length, 64 * 1024, (64 * 1024) + 200);
        Assert.StartsWith("$ echo first;", result, StringComparison.Ordinal);
        Assert.Contains("Exit code: 0\nfirst\naaaa", result, StringComparison.Ordinal);
        Assert.Matches(@"\[… 4,934,\d{3} characters of output cut …\]", result);
        Assert.EndsWith("aaaa\nlast", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCommand_GetsAScrubbedEnvironment_WithoutNexoOrSecretVariables()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        string[] secrets = [$"NEXO_T{suffix}", $"T{suffix}_API_KEY", $"T{suffix}_TOKEN", $"MY_SECRET_T{suffix}", $"T{suffix}_PASSWORD"];
        foreach (var name in secrets)
        {
            Environment.SetEnvironmentVariable(name, "hunter2");
        }

        Environment.SetEnvironmentVariable($"T{suffix}_PLAIN", "visible");
        try
        {
            var result = await h.OkAsync("run_command", Args(("argv", new[] { "env" })));

            Assert.DoesNotContain("hunter2", result, StringComparison.Ordinal);
            Assert.Contains($"T{suffix}_PLAIN=visible", result, StringComparison.Ordinal);
            Assert.Contains("PATH=", result, StringComparison.Ordinal);
            Assert.Contains($"PWD={h.Root}", result, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var name in secrets.Append($"T{suffix}_PLAIN"))
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Fact]
    public async Task RunCommand_ThatCannotStart_IsAToolError()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();

        var error = await h.ErrorAsync("run_command", Args(("argv", new[] { "no-such-program-" + Guid.NewGuid().ToString("N") })));

        Assert.StartsWith("run_command: could not start 'no-such-program-", error, StringComparison.Ordinal);
    }

    /// <summary>Waits (a little) for a process to be gone: no entry in /proc, or a zombie.</summary>
    private static async Task AssertGoneAsync(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            if (!Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The process {pid} is still running.");
    }
}
