using System.Reflection;

namespace Nexo.Cli.Tests;

public sealed class CliReferenceTests
{
    private static readonly string RepositoryRoot = typeof(CliReferenceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [Fact]
    public async Task CommittedCliReference_IsWhatTheCommandTreeGenerates()
    {
        using var home = new NexoHome();

        var result = await home.RunAsync("--emit-cli-reference");

        Assert.Equal(0, result.ExitCode);
        var committed = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "docs", "cli-reference.md"));
        Assert.True(
            committed == result.StdOut,
            "docs/cli-reference.md is out of date; regenerate it with: dotnet run --project src/Nexo.Cli -- --emit-cli-reference > docs/cli-reference.md");
        Assert.Contains("## `nexo connection add`", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("`--db`", result.StdOut, StringComparison.Ordinal);
    }
}
