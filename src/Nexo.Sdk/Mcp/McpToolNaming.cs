using System.Security.Cryptography;
using System.Text;

namespace Nexo;

/// <summary>
/// Gives MCP tools names that every LLM provider accepts (<c>^[a-zA-Z0-9_-]{1,64}$</c>, starting with a letter or
/// <c>_</c>) and that are unique, case-insensitively, among the tools offered together.
/// </summary>
/// <remarks>
/// A tool keeps its own (sanitised) name when no other offered tool sanitises to the same name; tools whose names
/// collide are prefixed with their sanitised server name (<c>files__read_file</c>); a name that is still taken or longer
/// than 64 characters is cut and ends in <c>_</c> plus 8 hex digits of a hash of <c>serverId/toolName</c>. The input is
/// sorted first, so the same tools always get the same names.
/// </remarks>
internal static class McpToolNaming
{
    public const int MaxLength = 64;

    private const string Separator = "__";

    public static IReadOnlyList<string> Assign(IReadOnlyList<(string ServerId, string ServerName, string ToolName)> tools)
    {
        var bases = tools.Select(t => Sanitize(t.ToolName)).ToArray();
        var counts = bases.GroupBy(b => b, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var preferred = new string[tools.Count];
        for (var i = 0; i < tools.Count; i++)
        {
            preferred[i] = counts[bases[i]] == 1 ? bases[i] : Sanitize(tools[i].ServerName) + Separator + bases[i].TrimStart('_');
        }

        // Names that are free and short enough first, so a hashed name never takes a plain one's place.
        var names = new string?[tools.Count];
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var i in Enumerable.Range(0, tools.Count).OrderBy(i => preferred[i].Length > MaxLength ? 1 : 0))
        {
            var name = preferred[i];
            if (name.Length > MaxLength || !used.Add(name))
            {
                var key = tools[i].ServerId + "/" + tools[i].ToolName;
                name = WithHash(preferred[i], key);
                for (var attempt = 1; !used.Add(name); attempt++)
                {
                    name = WithHash(preferred[i], key + "#" + attempt);
                }
            }

            names[i] = name;
        }

        return names!;
    }

    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        if (builder.Length == 0)
        {
            return "tool";
        }

        if (!char.IsAsciiLetter(builder[0]) && builder[0] != '_')
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    internal static string WithHash(string name, string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];
        var keep = Math.Min(name.Length, MaxLength - hash.Length - 1);
        return name[..keep].TrimEnd('_') + "_" + hash;
    }
}
