using Nexo.Testing;

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
    public async Task Chat_WithNoConnection_FindsOllama_AndPrintsTheCommand_WhenNobodyCanAnswer()
    {
        await using var ollama = await FakeOllamaServer.StartAsync();
        _home.Environment["OLLAMA_HOST"] = ollama.BaseUrl;

        var r = await _home.RunAsync("chat", "hello");

        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"Found an Ollama server at {ollama.BaseUrl}; save it with:\n  nexo connection add ollama --provider ollama --base-url {ollama.BaseUrl} --default-model llama3.2:latest", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_AtATerminal_OffersToSaveWhatItFound_ThenAnswers()
    {
        await using var ollama = await FakeOllamaServer.StartAsync();
        ollama.Responder = r => r.Body.Contains("You write short chat titles", StringComparison.Ordinal) ? FakeResponse.Text("Title") : FakeResponse.Text("Hi from ", "Ollama");
        _home.Environment["OLLAMA_HOST"] = ollama.BaseUrl;
        await using var terminal = PseudoTerminal.Start(_home, "chat", "hello");

        await terminal.WaitForAsync("Save it as connection 'ollama' (model llama3.2:latest) and continue? [Y/n]");
        await terminal.TypeAsync("\r");
        await terminal.WaitForAsync("Hi from Ollama");

        Assert.Equal(0, await terminal.WaitForExitAsync());
        Assert.Contains("Saved connection 'ollama'", terminal.Output, StringComparison.Ordinal);
        var connection = Assert.Single((await _home.RunAsync("connection", "list", "--json")).Json.EnumerateArray());
        Assert.Equal("ollama", connection.GetProperty("provider").GetString());
        Assert.True(connection.GetProperty("isDefault").GetBoolean());
        Assert.Equal("llama3.2:latest", connection.GetProperty("defaultModel").GetString());
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
