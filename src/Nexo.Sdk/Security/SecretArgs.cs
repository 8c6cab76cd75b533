using System.Text;
using System.Text.RegularExpressions;

namespace Nexo.Security;

/// <summary>
/// Finds the secret parts of an MCP server's command-line arguments and URL, and stores them sealed: each secret part
/// is replaced in the stored text by <c>{nexo-secret:…}</c> holding its ciphertext, so the <c>args</c> and <c>url</c>
/// columns never hold a credential in plain text. Listings show <see cref="SecretRedactor.Mask"/> in its place; the
/// server is started with the decrypted value.
/// </summary>
/// <remarks>
/// Secret parts: the value after a flag whose name ends in a credential word (<c>--api-key VALUE</c>, <c>--token VALUE</c>,
/// <c>--password VALUE</c>), the value of <c>name=value</c> with such a name (<c>--api-key=…</c>, <c>token=…</c>), the
/// credential after <c>Bearer </c>/<c>Basic </c>, well-known key formats (<c>sk-…</c>, <c>ghp_…</c>, <c>github_pat_…</c>,
/// <c>xoxb-…</c>, <c>glpat-…</c>, <c>AKIA…</c>), and in a URL the userinfo and the values of key-like query parameters.
/// </remarks>
internal static partial class SecretArgs
{
    private const string TokenStart = "{nexo-secret:";

    /// <summary>Whether the stored text holds a sealed part.</summary>
    public static bool IsSealed(string? stored) => stored is not null && stored.Contains(TokenStart, StringComparison.Ordinal);

    /// <summary>The secret values found in the arguments (for redacting them from texts).</summary>
    public static IEnumerable<string> Secrets(IReadOnlyList<string> args) =>
        args.SelectMany((arg, i) => Spans(arg, i > 0 && IsSecretFlag(args[i - 1])).Select(s => arg.Substring(s.Start, s.Length)));

    /// <summary>The secret values found in a URL.</summary>
    public static IEnumerable<string> Secrets(string? url) =>
        url is null ? [] : UrlSpans(url).Select(s => url.Substring(s.Start, s.Length));

    /// <summary>The arguments to store, each secret part sealed with <paramref name="protect"/>.</summary>
    public static List<string> Seal(IReadOnlyList<string> args, Func<string, string> protect) =>
        args.Select((arg, i) => Replace(arg, Spans(arg, i > 0 && IsSecretFlag(args[i - 1])), protect)).ToList();

    /// <summary>The URL to store, its userinfo and key-like query values sealed with <paramref name="protect"/>.</summary>
    public static string? Seal(string? url, Func<string, string> protect) => url is null ? null : Replace(url, UrlSpans(url), protect);

    /// <summary>A stored text as listings show it: each sealed part as <see cref="SecretRedactor.Mask"/>.</summary>
    public static string Display(string stored) => Sealed().Replace(stored, SecretRedactor.Mask);

    /// <summary>A stored text with its sealed parts decrypted by <paramref name="unprotect"/>.</summary>
    public static string Open(string stored, Func<string, string> unprotect) => Sealed().Replace(stored, m => unprotect(m.Groups["cipher"].Value));

    /// <summary>A stored text with the ciphertext of each sealed part replaced by <paramref name="transform"/> (another key).</summary>
    public static string Reseal(string stored, Func<string, string> transform) =>
        Sealed().Replace(stored, m => TokenStart + transform(m.Groups["cipher"].Value) + "}");

    private static string Replace(string text, List<(int Start, int Length)> spans, Func<string, string> protect)
    {
        if (spans.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder();
        var at = 0;
        foreach (var (start, length) in spans.OrderBy(s => s.Start))
        {
            if (start < at)
            {
                continue;
            }

            builder.Append(text, at, start - at).Append(TokenStart).Append(protect(text.Substring(start, length))).Append('}');
            at = start + length;
        }

        return builder.Append(text, at, text.Length - at).ToString();
    }

    private static bool IsSecretFlag(string arg) => SecretFlag().IsMatch(arg);

    private static List<(int Start, int Length)> Spans(string arg, bool afterSecretFlag)
    {
        var spans = new List<(int, int)>();
        if (arg.Length == 0)
        {
            return spans;
        }

        if (afterSecretFlag && !arg.StartsWith('-'))
        {
            spans.Add((0, arg.Length));
            return spans;
        }

        foreach (Match m in NamedValue().Matches(arg))
        {
            spans.Add((m.Groups["value"].Index, m.Groups["value"].Length));
        }

        foreach (Match m in Credential().Matches(arg))
        {
            spans.Add((m.Groups["value"].Index, m.Groups["value"].Length));
        }

        foreach (Match m in KnownKey().Matches(arg))
        {
            spans.Add((m.Index, m.Length));
        }

        spans.AddRange(UrlSpans(arg));
        return spans.Where(s => s.Item2 > 0).ToList();
    }

    private static List<(int Start, int Length)> UrlSpans(string text)
    {
        var spans = new List<(int, int)>();
        foreach (Match m in UserInfo().Matches(text))
        {
            spans.Add((m.Groups["info"].Index, m.Groups["info"].Length));
        }

        foreach (Match m in CredentialQuery().Matches(text))
        {
            spans.Add((m.Groups["value"].Index, m.Groups["value"].Length));
        }

        return spans.Where(s => s.Item2 > 0).ToList();
    }

    // A flag such as --api-key, -token, --client-secret, --password, --auth (its value is the next argument).
    [GeneratedRegex(@"^--?[a-zA-Z0-9_\-.]*(key|token|secret|password|passwd|pwd|auth|credential|credentials|bearer)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretFlag();

    // --api-key=VALUE, token=VALUE, API_KEY=VALUE (at the start of the argument, or after a separator).
    [GeneratedRegex(@"(?:^|(?<=[\s,;]))-{0,2}[a-zA-Z0-9_\-.]*(key|token|secret|password|passwd|pwd|auth|credential|credentials)=(?<value>[^\s,;&]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NamedValue();

    // "Bearer abc", "Authorization: Basic abc".
    [GeneratedRegex(@"\b(bearer|basic|token)\s+(?<value>[A-Za-z0-9\-._~+/=]{8,})", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Credential();

    // Well-known key formats.
    [GeneratedRegex(@"\b(sk-[A-Za-z0-9_\-]{16,}|sk_(live|test)_[A-Za-z0-9]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abpr]-[A-Za-z0-9\-]{10,}|glpat-[A-Za-z0-9_\-]{20,}|AKIA[A-Z0-9]{16})\b", RegexOptions.CultureInvariant)]
    private static partial Regex KnownKey();

    // scheme://USERINFO@ (the whole userinfo is sealed).
    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.\-]*://(?<info>[^\s/?#@]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    // ?api_key=VALUE, &token=VALUE (as SecretRedactor recognises them).
    [GeneratedRegex(
        @"(?<=[?&;])[a-zA-Z0-9_\-.]*(key|token|secret|password|passwd|pwd|signature|sig|auth|credential|credentials|session)=(?<value>[^&#\s""'<>|;]+)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CredentialQuery();

    [GeneratedRegex(@"\{nexo-secret:(?<cipher>v1:[A-Za-z0-9+/=]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Sealed();
}
