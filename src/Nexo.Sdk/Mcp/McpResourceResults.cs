using System.Text;
using System.Text.RegularExpressions;
using ModelContextProtocol.Protocol;

namespace Nexo;

/// <summary>Maps the MCP client's resource types to Nexo's plain records.</summary>
internal static partial class McpResourceResults
{
    public static McpResourceTemplateInfo TemplateInfo(ResourceTemplate template) => new()
    {
        UriTemplate = template.UriTemplate,
        Name = template.Name,
        Title = template.Title,
        Description = template.Description,
        MimeType = template.MimeType,
        Arguments = VariableNames(template.UriTemplate),
    };

    public static McpResourceContent Content(ResourceContents contents) => contents switch
    {
        TextResourceContents t => new McpResourceContent { Uri = t.Uri, MimeType = t.MimeType, Text = t.Text },
        BlobResourceContents b => new McpResourceContent { Uri = b.Uri, MimeType = b.MimeType, Blob = Encoding.UTF8.GetString(b.Blob.Span) },
        _ => new McpResourceContent { Uri = contents.Uri, MimeType = contents.MimeType },
    };

    /// <summary>
    /// The variable names of an RFC 6570 URI template, in order of first appearance: <c>{a}</c>, <c>{+a}</c>,
    /// <c>{?a,b}</c>, <c>{/a*}</c> and <c>{a:3}</c> give <c>a</c> (and <c>b</c>).
    /// </summary>
    public static IReadOnlyList<string> VariableNames(string uriTemplate)
    {
        var names = new List<string>();
        foreach (Match expression in Expression().Matches(uriTemplate))
        {
            foreach (var spec in expression.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var name = spec.TrimEnd('*');
                var colon = name.IndexOf(':', StringComparison.Ordinal);
                name = colon >= 0 ? name[..colon] : name;
                if (name.Length > 0 && !names.Contains(name, StringComparer.Ordinal))
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    [GeneratedRegex(@"\{[+#./;?&=,!@|]?([^{}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Expression();
}
