using System.Diagnostics;

namespace Nexo.Sdk.Tests.BuiltinTools;

/// <summary>The walk's .gitignore handling, checked against git itself on the same tree.</summary>
public sealed class GitIgnoreTests
{
    [Fact]
    public async Task FindFiles_ListsExactlyTheFilesGitDoesNotIgnore()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        h.Write(".gitignore", string.Join('\n',
            "# comment",
            "*.log",
            "!important.log",
            "build/",
            "/root-only.txt",
            "docs/*.tmp",
            "**/node_modules",
            "a/**/z.txt",
            "cache/**",
            "!cache/keep/",
            "\\#hash.txt",
            "trailing.txt   ",
            "[Bb]in/",
            "*.sw?",
            "out?/",
            ""));
        h.Write("sub/.gitignore", "*.txt\n!keep.txt\n/anchored.md\n");
        h.Write(".git/info/exclude", "excluded-by-info.txt\n");
        string[] files =
        [
            "app.log", "important.log", "sub/x.log", "build/a.cs", "sub/build/b.cs", "build.cs", "root-only.txt", "sub/root-only.md",
            "docs/a.tmp", "docs/deeper/b.tmp", "x/node_modules/m.js", "node_modules/n.js", "a/z.txt", "a/b/c/z.txt", "a/b/y.txt",
            "cache/c.txt", "cache/keep/k.txt", "#hash.txt", "hash.txt", "trailing.txt", "Bin/x.dll", "bin/y.dll", "lib/bin/z.dll",
            "f.swp", "f.swx", "f.s", "out1/o.txt", "out/o.txt", "sub/a.txt", "sub/keep.txt", "sub/anchored.md", "sub/deep/anchored.md",
            "sub/deep/t.txt", "excluded-by-info.txt", "src/main.cs", "README.md",
        ];
        foreach (var file in files)
        {
            h.Write(file, "x\n");
        }

        await GitAsync(h.Root, "init", "-q");
        var expected = (await GitAsync(h.Root, "ls-files", "--others", "--exclude-standard")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();

        var found = (await h.OkAsync("find_files", new Dictionary<string, object?> { ["pattern"] = "**" })).Split('\n').Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, found);
        Assert.Equal(
            [".gitignore", "README.md", "a/b/y.txt", "build.cs", "docs/deeper/b.tmp", "f.s", "hash.txt", "important.log", "out/o.txt", "src/main.cs", "sub/.gitignore", "sub/deep/anchored.md", "sub/keep.txt", "sub/root-only.md"],
            found);
        Assert.DoesNotContain("cache/keep/k.txt", found); // git cannot re-include inside an excluded folder either
    }

    private static async Task<string> GitAsync(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var git = Process.Start(start)!;
        var output = await git.StandardOutput.ReadToEndAsync();
        var error = await git.StandardError.ReadToEndAsync();
        await git.WaitForExitAsync();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)} failed: {error}");
        return output;
    }
}
