using System.Text;
using System.Text.RegularExpressions;

namespace Nexo;

/// <summary>Parses and renders <c>{{variable}}</c> templates (used by prompts and workspace system prompts).</summary>
public static partial class PromptTemplate
{
    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*\}\}")]
    private static partial Regex Placeholder();

    /// <summary>Returns the distinct placeholder names in <paramref name="template"/>, in order of first appearance.</summary>
    /// <param name="template">The template text.</param>
    public static IReadOnlyList<string> GetVariables(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var seen = new List<string>();
        foreach (Match m in Placeholder().Matches(template))
        {
            var name = m.Groups[1].Value;
            if (!seen.Contains(name, StringComparer.Ordinal))
            {
                seen.Add(name);
            }
        }

        return seen;
    }

    /// <summary>Replaces every <c>{{name}}</c> with its value.</summary>
    /// <param name="template">The template text.</param>
    /// <param name="variables">The values by name.</param>
    /// <param name="strict">When <see langword="true"/>, a placeholder without a value is a validation error; otherwise it is left as written.</param>
    /// <returns>The rendered text.</returns>
    /// <exception cref="NexoException">A placeholder has no value and <paramref name="strict"/> is set.</exception>
    public static string Render(string template, IReadOnlyDictionary<string, string> variables, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(variables);
        var missing = new List<string>();
        var result = Placeholder().Replace(template, m =>
        {
            var name = m.Groups[1].Value;
            if (variables.TryGetValue(name, out var value))
            {
                return value;
            }

            missing.Add(name);
            return m.Value;
        });
        if (strict && missing.Count > 0)
        {
            var sb = new StringBuilder("The template needs a value for: ");
            sb.AppendJoin(", ", missing.Distinct(StringComparer.Ordinal));
            sb.Append('.');
            throw NexoException.Validation("variables", sb.ToString());
        }

        return result;
    }
}
