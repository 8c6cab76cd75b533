namespace Nexo;

/// <summary>A command for <see cref="ICommandRunner"/>: either <see cref="Argv"/> or a <see cref="ShellLine"/>.</summary>
public sealed record CommandRequest
{
    /// <summary>The program and its arguments, run without a shell.</summary>
    public IReadOnlyList<string>? Argv { get; init; }

    /// <summary>A line for the shell (<c>/bin/sh -c</c>; <c>cmd /c</c> on Windows).</summary>
    public string? ShellLine { get; init; }

    /// <summary>The working directory: the workspace folder or a folder inside it (absolute).</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>The environment the command gets (already scrubbed of Nexo's secrets).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the command may run before its process tree is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The most output (stdout and stderr together, in characters) kept; the rest is cut and counted.</summary>
    public int OutputLimit { get; init; } = 64 * 1024;
}
