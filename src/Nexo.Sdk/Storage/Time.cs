namespace Nexo.Storage;

/// <summary>Converts between <see cref="DateTimeOffset"/> and the stored Unix milliseconds.</summary>
internal static class Time
{
    public static long ToMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);
}
