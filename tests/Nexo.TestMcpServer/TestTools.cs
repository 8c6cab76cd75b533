using System.Collections.Concurrent;
using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Nexo.TestMcpServer;

/// <summary>
/// The tools of the test server. Shared (compiled in) by the in-process HTTP host of the tests, so keep it free of
/// anything stdio-specific.
/// </summary>
[McpServerToolType]
public sealed class TestTools
{
    // A tiny valid PNG (1x1, transparent).
    private const string PixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    private static readonly ConcurrentDictionary<string, TaskCompletionSource<string>> s_slowOutcomes = new(StringComparer.Ordinal);

    [McpServerTool(Name = "echo"), Description("Returns the text it is given.")]
    public static string Echo([Description("The text to return.")] string text) => text;

    [McpServerTool(Name = "add", ReadOnly = true), Description("Adds two integers.")]
    public static int Add(int a, int b) => a + b;

    [McpServerTool(Name = "slow"), Description("Waits for the given milliseconds, reporting progress in steps; honours cancellation. 'tag' names the call for 'slow_outcome'.")]
    public static async Task<string> Slow(
        IProgress<ProgressNotificationValue> progress,
        int ms,
        int steps = 4,
        string tag = "",
        CancellationToken cancellationToken = default)
    {
        var outcome = s_slowOutcomes.GetOrAdd(tag, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
        steps = Math.Max(1, steps);
        try
        {
            for (var i = 1; i <= steps; i++)
            {
                await Task.Delay(ms / steps, cancellationToken).ConfigureAwait(false);
                progress.Report(new ProgressNotificationValue { Progress = i, Total = steps, Message = $"step {i} of {steps}" });
            }
        }
        catch (OperationCanceledException)
        {
            outcome.TrySetResult("cancelled");
            throw;
        }

        outcome.TrySetResult("completed");
        return $"slept {ms} ms";
    }

    [McpServerTool(Name = "slow_outcome"), Description("Waits (up to 'waitMs') until the 'slow' call with the tag ends and says whether it completed or was cancelled.")]
    public static async Task<string> SlowOutcome(string tag, int waitMs = 10_000, CancellationToken cancellationToken = default)
    {
        var outcome = s_slowOutcomes.GetOrAdd(tag, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            return await outcome.Task.WaitAsync(TimeSpan.FromMilliseconds(waitMs), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return "running";
        }
    }

    [McpServerTool(Name = "fail"), Description("Returns a tool error (isError) with the given message.")]
    public static CallToolResult Fail(string message = "it failed") => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
    };

    [McpServerTool(Name = "throw"), Description("Throws an exception inside the tool.")]
    public static string Throw(string message = "boom") => throw new McpException(message);

    [McpServerTool(Name = "crash"), Description("Ends the server process in the middle of the call.")]
    public static string Crash(int exitCode = 3)
    {
        Console.Error.WriteLine($"crash requested (exit code {exitCode})");
        Environment.Exit(exitCode);
        return "unreachable";
    }

    [McpServerTool(Name = "add_tool"), Description("Adds a tool named 'name' (it echoes its text) and notifies the client with notifications/tools/list_changed.")]
    public static string AddTool(ModelContextProtocol.Server.McpServer server, string name)
    {
        var tools = server.ServerOptions.ToolCollection ?? throw new McpException("This server has no tool collection.");
        tools.TryAdd(McpServerTool.Create((string text) => $"{name}: {text}", new McpServerToolCreateOptions { Name = name, Description = $"A tool added at run time ({name})." }));
        return $"added {name}";
    }

    // Roots are deprecated by the 2026-07-28 revision (SEP-2577) but still what older servers (server-filesystem) use;
    // Nexo offers them, so the test server asks for them.
#pragma warning disable MCP9005
    [McpServerTool(Name = "roots"), Description("Returns the root URIs the client offers, one per line.")]
    public static async Task<string> Roots(ModelContextProtocol.Server.McpServer server, CancellationToken cancellationToken = default)
    {
        if (server.ClientCapabilities?.Roots is null)
        {
            return "(client offers no roots)";
        }

        var result = await server.RequestRootsAsync(new ListRootsRequestParams(), cancellationToken).ConfigureAwait(false);
        return result.Roots.Count == 0 ? "(no roots)" : string.Join('\n', result.Roots.Select(r => r.Uri));
    }
#pragma warning restore MCP9005

    [McpServerTool(Name = "image"), Description("Returns a 1x1 PNG image and a caption.")]
    public static CallToolResult Image() => new()
    {
        Content =
        [
            new TextContentBlock { Text = "a pixel" },
            ImageContentBlock.FromBytes(Convert.FromBase64String(PixelPng), "image/png"),
        ],
    };

    [McpServerTool(Name = "weather", UseStructuredContent = true), Description("Returns a structured weather report.")]
    public static WeatherReport Weather(string city) => new(city, 21.5, "sunny");

    [McpServerTool(Name = "bad_weather", UseStructuredContent = true, OutputSchemaType = typeof(WeatherReport)), Description("Declares the weather report's output schema but returns structured content that breaks it ('temperatureC' is a string).")]
    public static CallToolResult BadWeather(string city) => new()
    {
        Content = [new TextContentBlock { Text = $"{city}: warm" }],
        StructuredContent = System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["city"] = city, ["temperatureC"] = "warm", ["sky"] = "sunny" }),
    };

    [McpServerTool(Name = "unstructured_weather", UseStructuredContent = true, OutputSchemaType = typeof(WeatherReport)), Description("Declares the weather report's output schema but returns only text (no structured content).")]
    public static CallToolResult UnstructuredWeather(string city) => new()
    {
        Content = [new TextContentBlock { Text = $"{city}: 21.5 C, sunny" }],
    };

    [McpServerTool(Name = "audio"), Description("Returns a short WAV clip (44 bytes of header and 4 samples) and a caption.")]
    public static CallToolResult Audio() => new()
    {
        Content =
        [
            new TextContentBlock { Text = "a beep" },
            AudioContentBlock.FromBytes(TinyWav(), "audio/wav"),
        ],
    };

    [McpServerTool(Name = "pid"), Description("Returns the server's process id.")]
    public static int Pid() => Environment.ProcessId;

    [McpServerTool(Name = "env"), Description("Returns the value of an environment variable of the server process (empty when unset).")]
    public static string Env(string name) => Environment.GetEnvironmentVariable(name) ?? string.Empty;

    [McpServerTool(Name = "argv"), Description("Returns the server's command-line arguments, each base64-encoded (UTF-8) on its own line, so a test sees exactly what arrived even when the host redacts secrets from results.")]
    public static string Argv() => string.Join('\n', Environment.GetCommandLineArgs().Skip(1).Select(a => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(a))));

    [McpServerTool(Name = "cwd"), Description("Returns the server's working directory.")]
    public static string Cwd() => Environment.CurrentDirectory;

    /// <summary>A valid 8 kHz mono 8-bit WAV file with four samples.</summary>
    public static byte[] TinyWav()
    {
        byte[] samples = [128, 200, 128, 56];
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.ASCII, leaveOpen: true))
        {
            writer.Write("RIFF"u8);
            writer.Write(36 + samples.Length);
            writer.Write("WAVEfmt "u8);
            writer.Write(16);
            writer.Write((short)1);
            writer.Write((short)1);
            writer.Write(8000);
            writer.Write(8000);
            writer.Write((short)1);
            writer.Write((short)8);
            writer.Write("data"u8);
            writer.Write(samples.Length);
            writer.Write(samples);
        }

        return stream.ToArray();
    }

    /// <summary>The structured result of <see cref="Weather"/>.</summary>
    public sealed record WeatherReport(string City, double TemperatureC, string Sky);
}
