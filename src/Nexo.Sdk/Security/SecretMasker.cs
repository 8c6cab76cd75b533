namespace Nexo.Security;

/// <summary>Builds the masked previews shown in listings instead of secrets.</summary>
internal static class SecretMasker
{
    /// <summary><c>sk-…abcd</c> for long keys, <c>…ab</c> for short ones, <c>****</c> for tiny ones.</summary>
    public static string Mask(string secret)
    {
        if (secret.Length >= 12)
        {
            return string.Concat(secret.AsSpan(0, 3), "…", secret.AsSpan(secret.Length - 4));
        }

        return secret.Length >= 6 ? string.Concat("…", secret.AsSpan(secret.Length - 2)) : "****";
    }

    /// <summary>Masks every value (headers usually carry credentials).</summary>
    public static Dictionary<string, string> MaskAll(IReadOnlyDictionary<string, string> values) =>
        values.ToDictionary(kv => kv.Key, kv => Mask(kv.Value), StringComparer.Ordinal);

}
