namespace Nexo.Sdk.Tests.BuiltinTools;

/// <summary>list_directory, find_files and search_text through real turns, .gitignore included.</summary>
public sealed class SearchToolTests
{
    private static Dictionary<string, object?> Args(params (string Name, object? Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    /// <summary>A small project with nested .gitignore files, a negation, a folder-only rule and an anchored rule.</summary>
    private static void Project(BuiltinToolHarness h)
    {
        h.Write(".gitignore", "*.log\n!keep.log\nbuild/\n/top.txt\ncache\n");
        h.Write("src/main.cs", "class Main { // TODO: start\n}\n");
        h.Write("src/util.cs", "static class Util { } // todo later\n");
        h.Write("src/top.txt", "TODO: anchored rules only match at their own level\n");
        h.Write("top.txt", "TODO: ignored (anchored)\n");
        h.Write("app.log", "TODO: ignored log\n");
        h.Write("keep.log", "TODO: re-included log\n");
        h.Write("build/out.cs", "// TODO: ignored folder\n");
        h.Write("docs/build", "TODO: a file named build is not a folder\n");
        h.Write("docs/.gitignore", "secret.md\n");
        h.Write("docs/secret.md", "TODO: ignored by the nested file\n");
        h.Write("docs/guide.md", "# Guide\nTODO: write it\n");
        h.Write("cache/x.txt", "TODO: ignored (cache)\n");
        h.Write(".git/config", "TODO: never searched\n");
    }

    [Fact]
    public async Task SearchText_RespectsNestedGitignoreNegationFolderOnlyAndAnchoredRules()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        Project(h);

        var result = await h.OkAsync("search_text", Args(("pattern", "TODO")));

        Assert.Equal(
            """
            docs/build:1: TODO: a file named build is not a folder
            docs/guide.md:2: TODO: write it
            keep.log:1: TODO: re-included log
            src/main.cs:1: class Main { // TODO: start
            src/top.txt:1: TODO: anchored rules only match at their own level
            """.ReplaceLineEndings("\n"),
            result);
    }

    [Fact]
    public async Task SearchText_WithIgnoreCaseGlobPathAndMaxResults()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        Project(h);

        var ignoreCase = await h.OkAsync("search_text", Args(("pattern", "todo"), ("ignoreCase", true), ("glob", "*.cs")));
        var inFolder = await h.OkAsync("search_text", Args(("pattern", "^#"), ("path", "docs")));
        var oneFile = await h.OkAsync("search_text", Args(("pattern", "class \\w+"), ("path", "src/util.cs")));
        var capped = await h.OkAsync("search_text", Args(("pattern", "TODO"), ("maxResults", 2)));

        Assert.Equal("src/main.cs:1: class Main { // TODO: start\nsrc/util.cs:1: static class Util { } // todo later", ignoreCase);
        Assert.Equal("docs/guide.md:1: # Guide", inFolder);
        Assert.Equal("src/util.cs:1: static class Util { } // todo later", oneFile);
        Assert.StartsWith("docs/build:1: TODO: a file named build is not a folder\ndocs/guide.md:2: TODO: write it\n[Stopped at 2 matching lines;", capped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchText_AnInvalidPattern_IsAToolError()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();

        var error = await h.ErrorAsync("search_text", Args(("pattern", "(unclosed")));

        Assert.StartsWith("search_text: '(unclosed' is not a valid regular expression", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchText_SkipsBinaryFiles_AndSaysSo()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        h.Write("a.txt", "needle\n");
        File.WriteAllBytes(h.PathOf("b.bin"), [.. "needle"u8, 0, 1, 2]);

        var result = await h.OkAsync("search_text", Args(("pattern", "needle")));

        Assert.Equal("a.txt:1: needle\n[Skipped 1 binary file.]", result);
    }

    [Fact]
    public async Task FindFiles_MatchesNamesAtAnyDepthOrPaths_AndRespectsGitignore()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        Project(h);

        var byName = await h.OkAsync("find_files", Args(("pattern", "*.{cs,md}")));
        var byPath = await h.OkAsync("find_files", Args(("pattern", "src/**/*.cs")));
        var inFolder = await h.OkAsync("find_files", Args(("pattern", "*"), ("path", "docs")));
        var none = await h.OkAsync("find_files", Args(("pattern", "*.rs")));

        Assert.Equal("docs/guide.md\nsrc/main.cs\nsrc/util.cs", byName);
        Assert.Equal("src/main.cs\nsrc/util.cs", byPath);
        Assert.Equal("docs/.gitignore\ndocs/build\ndocs/guide.md", inFolder);
        Assert.Equal("No files match '*.rs' in the workspace folder.", none);
    }

    [Fact]
    public async Task ListDirectory_ShowsTypesAndSizes_SortedByName()
    {
        await using var h = await BuiltinToolHarness.CreateAsync();
        h.Write("b.txt", "12345");
        h.Write("a/inner.txt", "x");
        File.CreateSymbolicLink(h.PathOf("link"), "b.txt");

        var root = await h.OkAsync("list_directory", Args());
        var sub = await h.OkAsync("list_directory", Args(("path", "a")));

        Assert.Equal("The workspace folder (3 entries):\ndir   a/\nfile  b.txt  5\nlink  link -> b.txt", root);
        Assert.Equal("a (1 entry):\nfile  inner.txt  1", sub);
    }
}
