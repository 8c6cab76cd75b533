using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Nexo.Testing;

namespace Nexo.Samples.Tests;

/// <summary>
/// The web sample's chat page (<c>wwwroot/index.html</c>) in a real browser: Debian's <c>chromium</c> driven by
/// <c>playwright-core</c> (tests/browser/chat-page.mjs) against two sample instances on one real PostgreSQL. The
/// screenshot of the second instance's page is kept at <c>bin/&lt;Configuration&gt;/net10.0/screenshots/chat-page-instance-b.png</c>
/// under this test project.
/// </summary>
public sealed class AspNetCoreChatPageBrowserTests : IAsyncLifetime
{
    private const string Message = "hello from chromium";

    // The answer in 12 chunks 60 ms apart, so the page visibly grows it.
    private static readonly string[] s_chunks = ["Two ", "instances, ", "one ", "PostgreSQL: ", "this ", "answer ", "streamed ", "into ", "the ", "page ", "chunk by ", "chunk."];

    private static readonly string s_browserFolder = Path.Combine(Samples.RepositoryRoot, "tests", "browser");
    private static readonly string s_script = Path.Combine(s_browserFolder, "chat-page.mjs");
    private static readonly string s_screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "chat-page-instance-b.png");

    private ScaledOutSample _sample = null!;

    public async Task InitializeAsync() =>
        _sample = await ScaledOutSample.CreateAsync(FakeResponse.Text(s_chunks).WithChunkDelay(TimeSpan.FromMilliseconds(60)));

    public async Task DisposeAsync() => await _sample.DisposeAsync();

    [Fact]
    public async Task ChatPage_StreamsOnOneInstance_AndShowsHistoryAfterReloadOnTheOther()
    {
        var node = FindOnPath("node") ?? throw new Xunit.Sdk.XunitException("node is not on PATH: install Node.js 20 or newer (the browser test runs tests/browser/chat-page.mjs).");
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"No chromium at {chromium}: install Debian's package (apt-get install -y --no-install-recommends chromium; .ci/run does) or set CHROMIUM_PATH.");
        var playwright = Path.Combine(s_browserFolder, "node_modules", "playwright-core", "package.json");
        if (!File.Exists(playwright))
        {
            // .ci/run installs it first; on a fresh clone where only `dotnet test` was typed, install it here once.
            var npm = FindOnPath("npm") ?? throw new Xunit.Sdk.XunitException($"playwright-core is not installed and npm is not on PATH: run 'npm ci' in {s_browserFolder}.");
            var install = await RunAsync(npm, "ci", "--no-audit", "--no-fund");
            Assert.True(install.ExitCode == 0, $"npm ci in {s_browserFolder} failed:\n{install.Stdout}\n{install.Stderr}");
        }

        Assert.True(File.Exists(playwright), $"playwright-core is not installed: run 'npm ci' in {s_browserFolder} (.ci/run does).");

        var a = await _sample.StartInstanceAsync();
        var b = await _sample.StartInstanceAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(s_screenshot)!);
        File.Delete(s_screenshot);
        var answer = string.Concat(s_chunks);

        var (exitCode, stdout, stderr) = await RunAsync(node, s_script, "--a", a.ToString().TrimEnd('/'), "--b", b.ToString().TrimEnd('/'), "--screenshot", s_screenshot, "--message", Message, "--answer", answer);

        var resultLine = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'));
        Assert.True(resultLine is not null, $"chat-page.mjs printed no result (exit {exitCode}).\nstdout:\n{stdout}\nstderr:\n{stderr}");
        var result = JsonDocument.Parse(resultLine).RootElement;
        if (!result.GetProperty("ok").GetBoolean())
        {
            Assert.Fail($"The browser check failed: {result.GetProperty("error").GetString()}\nstderr:\n{stderr}");
        }

        Assert.Equal(0, exitCode);

        // A showed the answer growing: more than one length before the whole text.
        Assert.True(result.GetProperty("answerSteps").GetInt32() > 1, resultLine);
        // B, reloaded on the chat's address, showed the history from the shared database.
        var history = result.GetProperty("historyOnB");
        Assert.Equal(["> " + Message], history.GetProperty("users").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([answer], history.GetProperty("answers").EnumerateArray().Select(e => e.GetString()));

        // The chat the page named is the one stored: B's API lists the same two messages.
        using var http = new HttpClient { BaseAddress = b };
        var messages = (await http.GetFromJsonAsync<JsonElement>($"/chats/{result.GetProperty("chatId").GetString()}/messages")).EnumerateArray().ToList();
        Assert.Equal([("User", Message), ("Assistant", answer)], messages.Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())));

        // The screenshot is a real PNG of the page (1000 px wide, the script's viewport), kept for a person to look at.
        var png = await File.ReadAllBytesAsync(s_screenshot);
        Assert.True(png.AsSpan().StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]), $"{s_screenshot} is not a PNG.");
        Assert.True(png.Length > 5_000, $"{s_screenshot} is only {png.Length} bytes.");
        Assert.Equal(1000, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.True(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)) >= 300, "The screenshot is too short to show the page.");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string fileName, params string[] args)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = s_browserFolder,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"chat-page.mjs did not finish.\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
