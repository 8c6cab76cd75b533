namespace Nexo.Security;

/// <summary>
/// Builds the masked previews shown in listings instead of secrets: never more than the last 4 characters of a secret.
/// </summary>
internal static class SecretMasker
{
    /// <summary>What a short secret (under 12 characters) shows as: nothing of it.</summary>
    public const string Hidden = "****";

    /// <summary>Secrets at least this long show their last 4 characters.</summary>
    public const int MinimumLengthForTail = 12;

    /// <summary><c>…abcd</c> (the last 4 characters) for secrets of 12 or more characters, <c>****</c> for shorter ones.</summary>
    public static string Mask(string secret) =>
        secret.Length >= MinimumLengthForTail ? string.Concat("…", secret.AsSpan(secret.Length - 4)) : Hidden;

    /// <summary>Masks every value (headers usually carry credentials).</summary>
    public static Dictionary<string, string> MaskAll(IReadOnlyDictionary<string, string> values) =>
        values.ToDictionary(kv => kv.Key, kv => Mask(kv.Value), StringComparer.Ordinal);

    /// <summary>
    /// A preview stored by an older Nexo, shown in today's format without the secret: <c>sk-…abcd</c> (3-character prefix,
    /// last 4) becomes <c>…abcd</c>, <c>…ab</c> (last 2 of a 6-11 character secret) becomes <c>****</c>; today's previews
    /// are returned as they are.
    /// </summary>
    public static string? Normalize(string? preview)
    {
        if (preview is null)
        {
            return null;
        }

        var ellipsis = preview.IndexOf('…', StringComparison.Ordinal);
        if (ellipsis < 0)
        {
            return preview;
        }

        var tail = preview[(ellipsis + 1)..];
        return tail.Length >= 4 ? "…" + tail[^4..] : Hidden;
    }

    /// <summary><see cref="Normalize"/> for every value.</summary>
    public static Dictionary<string, string> NormalizeAll(IReadOnlyDictionary<string, string> previews) =>
        previews.ToDictionary(kv => kv.Key, kv => Normalize(kv.Value) ?? Hidden, StringComparer.Ordinal);
}
