namespace Nexo;

/// <summary>A progress report of a running MCP tool call (<c>notifications/progress</c>).</summary>
public sealed record McpToolProgress
{
    /// <summary>The progress so far (a count or a percentage; it only grows).</summary>
    public double Progress { get; init; }

    /// <summary>The total the progress counts towards, when the server knows it.</summary>
    public double? Total { get; init; }

    /// <summary>A message about the current step, when the server sends one.</summary>
    public string? Message { get; init; }
}
