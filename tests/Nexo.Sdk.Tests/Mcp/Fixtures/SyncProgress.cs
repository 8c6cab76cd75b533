namespace Nexo.Sdk.Tests.Mcp;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (unlike <see cref="Progress{T}"/>), under a lock.</summary>
internal sealed class SyncProgress(Action<McpToolProgress> report) : IProgress<McpToolProgress>
{
    private readonly Lock _gate = new();

    public void Report(McpToolProgress value)
    {
        lock (_gate)
        {
            report(value);
        }
    }
}
