using System.Security.Cryptography;
using System.Text;

namespace Nexo.Security;

/// <summary>
/// A check value that proves a key is the one the store's secrets were encrypted with, without storing anything that
/// reveals the key: <c>v1:</c> + base64(HMAC-SHA256(key, a constant)). Kept in <c>app_settings</c> under
/// <see cref="SettingKey"/>, which the public settings API neither lists nor lets callers change.
/// </summary>
internal static class KeyCheck
{
    /// <summary>The reserved <c>app_settings</c> key of the check value.</summary>
    public const string SettingKey = "nexo.internal.keyCheck";

    private const string Prefix = "v1:";
    private static readonly byte[] Constant = Encoding.ASCII.GetBytes("nexo key check v1");

    /// <summary>The check value of <paramref name="key"/>.</summary>
    public static string Compute(byte[] key) => Prefix + Convert.ToBase64String(HMACSHA256.HashData(key, Constant));

    /// <summary>Whether <paramref name="stored"/> is the check value of <paramref name="key"/> (compared in constant time).</summary>
    public static bool Matches(byte[] key, string stored) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(key)), Encoding.ASCII.GetBytes(stored));
}
