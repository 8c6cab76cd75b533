namespace Nexo;

/// <summary>Creates ids: time-ordered UUIDs (version 7), so ids sort by creation.</summary>
internal static class Ids
{
    public static string New() => Guid.CreateVersion7().ToString();
}
