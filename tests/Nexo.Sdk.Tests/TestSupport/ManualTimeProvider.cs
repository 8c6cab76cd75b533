namespace Nexo.Sdk.Tests;

/// <summary>A clock that only moves when a test moves it.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    public ManualTimeProvider(DateTimeOffset? start = null) => Now = start ?? new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;

    public DateTimeOffset Advance(TimeSpan by) => Now += by;

    public DateTimeOffset Advance() => Advance(TimeSpan.FromSeconds(1));
}
