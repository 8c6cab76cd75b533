using System.ComponentModel;
using System.Globalization;
using ModelContextProtocol.Client;

namespace Nexo;

/// <summary>Turns the exceptions and completion details of the MCP client into short messages for people and models.</summary>
internal static class McpErrors
{
    private const int StderrLines = 5;
    private const int MaxLength = 1000;

    // Messages of wrapper exceptions that say nothing their inner exception doesn't say better.
    private static readonly string[] s_generic =
    [
        "Failed to connect transport.",
        "The transport was closed.",
        "Failed to send message.",
        "One or more errors occurred.",
    ];

    public static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var text = e switch
            {
                ClientTransportClosedException closed => DescribeClosure(closed.Details),
                AggregateException => null,
                Win32Exception win32 => win32.Message,
                _ when s_generic.Contains(e.Message.Trim(), StringComparer.Ordinal) => null,
                _ => OneLine(e.Message),
            };
            if (!string.IsNullOrWhiteSpace(text) && !parts.Any(p => p.Contains(text, StringComparison.Ordinal)))
            {
                parts.Add(text);
            }
        }

        return parts.Count == 0 ? OneLine(exception.Message) : string.Join("; ", parts);
    }

    public static string DescribeClosure(ClientCompletionDetails? details)
    {
        switch (details)
        {
            case StdioClientCompletionDetails stdio:
                var text = stdio.ExitCode is { } code
                    ? string.Create(CultureInfo.InvariantCulture, $"the server process exited (exit code {code})")
                    : "the server process closed its output";
                var tail = stdio.StandardErrorTail?.Where(l => !string.IsNullOrWhiteSpace(l)).TakeLast(StderrLines).Select(l => l.Trim()).ToList();
                return tail is { Count: > 0 } ? $"{text}; its last error output: {string.Join(" | ", tail)}" : text;
            case HttpClientCompletionDetails http:
                var status = http.HttpStatusCode is { } s ? string.Create(CultureInfo.InvariantCulture, $" (HTTP {(int)s} {s})") : string.Empty;
                return $"the HTTP connection closed{status}" + (http.Exception is { } e ? ": " + OneLine(e.Message) : string.Empty);
            case { Exception: { } inner }:
                return Describe(inner);
            default:
                return "the connection closed";
        }
    }

    // Messages become one line (the SDK's "process exited" message carries the server's stderr on the next lines).
    private static string OneLine(string message)
    {
        var lines = message.Replace("exit code: ", "exit code ", StringComparison.Ordinal)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var text = string.Join(" | ", lines.Length == 0 ? [message.Trim()] : lines);
        return text.Length <= MaxLength ? text : text[..MaxLength] + "…";
    }
}
