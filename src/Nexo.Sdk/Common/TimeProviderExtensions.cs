namespace Nexo;

/// <summary>Clock helpers.</summary>
internal static class TimeProviderExtensions
{
    /// <summary>Now, truncated to whole milliseconds (the stored precision), so returned and re-read values are equal.</summary>
    public static DateTimeOffset UtcNowMs(this TimeProvider time)
    {
        var now = time.GetUtcNow();
        return DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
    }
}
