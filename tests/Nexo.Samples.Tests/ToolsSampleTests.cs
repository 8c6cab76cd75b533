namespace Nexo.Samples.Tests;

public sealed class ToolsSampleTests
{
    [Fact]
    public async Task Run_GivesTheModelACSharpFunction_AsksRunsItAndStreamsTheAnswer_ThroughTheMiddleware()
    {
        var (exitCode, sample) = await SampleProcess.RunAsync(Samples.ToolsDll, "Lisbon");
        await using var _ = sample;

        Assert.True(exitCode == 0, $"exit code {exitCode}\nstdout:\n{sample.Stdout}\nstderr:\n{sample.Stderr}");
        var lines = sample.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "> /tool weather {\"city\":\"Lisbon\"}",
                "[permission] weather {\"city\":\"Lisbon\"} → allowed",
                "[progress] weather: looked up Lisbon",
                "[tool result] weather: Sunny and 21 °C in Lisbon",
                "Tool weather returned: Sunny and 21 °C in Lisbon",
                "[stored] user, assistant, tool, assistant",
                "[middleware] 2 model calls",
            ],
            lines);
    }
}
