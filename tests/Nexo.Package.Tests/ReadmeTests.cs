using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Nexo.Package.Tests;

/// <summary>
/// Every shell block of README.md either runs as written (from the repository root, with NEXO_HOME in a temp folder
/// so no real data folder is touched) or says why it is skipped, in an HTML comment just above it:
/// <c>&lt;!-- readme-test: run --&gt;</c>, <c>&lt;!-- readme-test: run N (why only N lines) --&gt;</c> or
/// <c>&lt;!-- readme-test: skip (why) --&gt;</c>.
/// </summary>
public sealed partial class ReadmeTests
{
    [GeneratedRegex(@"(?:<!--\s*readme-test:\s*(?<mode>run|skip)\s*(?<lines>\d+)?\s*(?<why>\([^)]*\))?\s*-->\s*\n)?```bash\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();

    public static TheoryData<int> RunnableBlocks()
    {
        var data = new TheoryData<int>();
        var blocks = Blocks();
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Mode == "run")
            {
                data.Add(i);
            }
        }

        return data;
    }

    [Fact]
    public void EveryShellBlock_IsRunOrSaysWhyItIsSkipped()
    {
        var blocks = Blocks();

        Assert.NotEmpty(blocks);
        Assert.All(blocks, b => Assert.True(b.Mode == "run" || (b.Mode == "skip" && b.Why.Length > 2), $"README block without a readme-test marker or reason:\n{b.Code}"));
        Assert.StartsWith("dotnet run --project src/Nexo.Cli -- chat", blocks[0].Code, StringComparison.Ordinal);
        Assert.Equal("dotnet test Nexo.sln", blocks[0].Code.Split('\n')[1]);
    }

    [Theory]
    [MemberData(nameof(RunnableBlocks))]
    public async Task ShellBlock_RunsAsWritten(int index)
    {
        var block = Blocks()[index];
        var lines = block.Code.TrimEnd('\n').Split('\n');
        var script = string.Join('\n', block.Lines is { } n ? lines.Take(n) : lines);
        var home = Directory.CreateTempSubdirectory("nexo-readme-").FullName;
        try
        {
            var psi = new ProcessStartInfo("bash") { WorkingDirectory = PackageFixture.RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add("-euo");
            psi.ArgumentList.Add("pipefail");
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(script);
            psi.Environment["NEXO_HOME"] = home;
            PackageFixture.UseIsolatedBuild(psi);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));

            Assert.True(p.ExitCode == 0, $"README block {index} failed (exit {p.ExitCode}):\n{script}\n--- stdout\n{await stdout}\n--- stderr\n{await stderr}");
            if (index == 0)
            {
                Assert.Contains("Hello, Nexo", await stdout, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static List<(string Mode, int? Lines, string Why, string Code)> Blocks()
    {
        var text = File.ReadAllText(Path.Combine(PackageFixture.RepositoryRoot, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        return Block().Matches(text).Select(m => (
            m.Groups["mode"].Success ? m.Groups["mode"].Value : string.Empty,
            m.Groups["lines"].Success ? (int?)int.Parse(m.Groups["lines"].Value, System.Globalization.CultureInfo.InvariantCulture) : null,
            m.Groups["why"].Value,
            m.Groups["code"].Value)).ToList();
    }
}
