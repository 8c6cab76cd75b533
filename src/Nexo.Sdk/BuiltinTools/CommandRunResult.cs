namespace Nexo;

/// <summary>What a command did (<see cref="ICommandRunner.RunAsync"/>).</summary>
public sealed record CommandRunResult
{
    /// <summary>The exit code; <see langword="null"/> when the command was killed (timeout, cancellation) or never started.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The output (stdout and stderr interleaved as they came), up to the request's limit.</summary>
    public string Output { get; init; } = string.Empty;

    /// <summary>Whether output past the limit was cut.</summary>
    public bool Truncated { get; init; }

    /// <summary>Whether the command ran past its timeout and was killed.</summary>
    public bool TimedOut { get; init; }

    /// <summary>The editor terminal the command ran in, when an editor ran it.</summary>
    public string? TerminalId { get; init; }
}
