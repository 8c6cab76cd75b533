namespace Nexo.Cli.Tests;

public sealed class FirstRunTests : IDisposable
{
    private readonly NexoHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Chat_WithNoConnection_AndNothingFound_PrintsHowToAddOne_AndExitsThree()
    {
        var r = await _home.RunAsync("chat", "hello");

        Assert.Equal(3, r.ExitCode);
        Assert.Equal(string.Empty, r.StdOut);
        Assert.StartsWith("error[NotConfigured]: No LLM connection is configured.\n", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("nexo connection add openai --provider openai --api-key-env OPENAI_API_KEY", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("--provider ollama", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_WithNoConnection_ButAnApiKeyInTheEnvironment_PrintsTheExactCommand()
    {
        _home.Environment["ANTHROPIC_API_KEY"] = "sk-ant-test";
        _home.Environment["OPENROUTER_API_KEY"] = "sk-or-test";

        var r = await _home.RunAsync("chat", "hello");

        Assert.Equal(3, r.ExitCode);
        Assert.Contains("Found ANTHROPIC_API_KEY is set; save it with:\n  nexo connection add anthropic --provider anthropic --base-url https://api.anthropic.com --api-key-env ANTHROPIC_API_KEY", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("nexo connection add openrouter --provider openai-compatible --base-url https://openrouter.ai/api/v1 --api-key-env OPENROUTER_API_KEY", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ant-test", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_OptionsThatExcludeEachOther_AndNothingToSend_AreUsageErrors()
    {
        var both = await _home.RunAsync("chat", "hi", "--chat", "x", "--new");
        var nothing = await _home.RunAsync("chat");
        var badTemperature = await _home.RunAsync("chat", "hi", "--temperature", "3");

        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--chat and --new exclude each other.", both.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("Nothing to send", nothing.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, badTemperature.ExitCode);
    }
}
