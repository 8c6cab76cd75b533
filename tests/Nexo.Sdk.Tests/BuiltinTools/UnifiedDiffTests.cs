using System.Diagnostics;
using Nexo.BuiltinTools;

namespace Nexo.Sdk.Tests.BuiltinTools;

/// <summary>The unified diff of edits: its exact shape on small cases, and GNU patch applying it on random ones.</summary>
public sealed class UnifiedDiffTests
{
    [Fact]
    public void Diff_OfEqualTexts_IsEmpty() => Assert.Equal(string.Empty, UnifiedDiff.Create("a\nb\n", "a\nb\n", "f"));

    [Fact]
    public void Diff_SplitsFarApartChangesIntoHunks_WithThreeLinesOfContext()
    {
        var old = string.Concat(Enumerable.Range(1, 20).Select(i => $"{i}\n"));
        var @new = string.Concat(Enumerable.Range(1, 20).Where(i => i != 18).Select(i => i == 2 ? "two\n" : $"{i}\n"));

        Assert.Equal(
            "--- a/f\n+++ b/f\n@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n@@ -15,6 +15,5 @@\n 15\n 16\n 17\n-18\n 19\n 20\n",
            UnifiedDiff.Create(old, @new, "f"));
    }

    [Fact]
    public void Diff_MarksALastLineWithoutNewline()
    {
        Assert.Equal(
            "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
            UnifiedDiff.Create("a\nb", "a\nb\n", "f"));
    }

    [Fact]
    public void Diff_OfANewFile_AndOfEmptyingOne()
    {
        Assert.Equal("--- /dev/null\n+++ b/n\n@@ -0,0 +1,2 @@\n+x\n+y\n", UnifiedDiff.Create(null, "x\ny\n", "n"));
        Assert.Equal("--- a/n\n+++ b/n\n@@ -1,2 +0,0 @@\n-x\n-y\n", UnifiedDiff.Create("x\ny\n", string.Empty, "n"));
    }

    [Fact]
    public async Task Diff_OfRandomEdits_IsAppliedByGnuPatchToTheNewText()
    {
        var random = new Random(16);
        var folder = Path.Combine(Path.GetTempPath(), "nexo-diff-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            for (var round = 0; round < 40; round++)
            {
                var lines = Enumerable.Range(0, random.Next(0, 60)).Select(_ => "line " + random.Next(0, 8)).ToList();
                var edited = new List<string>(lines);
                for (var e = random.Next(1, 8); e > 0; e--)
                {
                    var at = random.Next(0, edited.Count + 1);
                    switch (random.Next(3))
                    {
                        case 0 when edited.Count > 0 && at < edited.Count:
                            edited.RemoveAt(at);
                            break;
                        case 1 when at < edited.Count:
                            edited[at] = "changed " + random.Next(0, 100);
                            break;
                        default:
                            edited.Insert(at, "added " + random.Next(0, 100));
                            break;
                    }
                }

                var old = string.Concat(lines.Select(l => l + "\n"));
                var @new = string.Concat(edited.Select(l => l + "\n"));
                if (random.Next(4) == 0 && @new.Length > 0)
                {
                    @new = @new[..^1]; // no newline at the end
                }

                var diff = UnifiedDiff.Create(old, @new, "f.txt");
                var file = Path.Combine(folder, "f.txt");
                await File.WriteAllTextAsync(file, old);
                await File.WriteAllTextAsync(Path.Combine(folder, "f.diff"), diff);
                if (diff.Length > 0)
                {
                    using var patch = Process.Start(new ProcessStartInfo("patch", ["-s", "-p1", "-i", "f.diff"]) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true })!;
                    var output = await patch.StandardOutput.ReadToEndAsync() + await patch.StandardError.ReadToEndAsync();
                    await patch.WaitForExitAsync();
                    Assert.True(patch.ExitCode == 0, $"patch failed ({output}) on:\n{diff}");
                }

                Assert.Equal(@new, await File.ReadAllTextAsync(file));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
