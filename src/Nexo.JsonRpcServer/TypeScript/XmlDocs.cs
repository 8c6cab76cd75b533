using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Nexo.JsonRpcServer.TypeScript;

/// <summary>Reads the summaries of types and properties from the XML documentation files next to their assemblies.</summary>
internal sealed partial class XmlDocs
{
    private readonly Dictionary<string, string> _summaries = new(StringComparer.Ordinal);
    private readonly HashSet<Assembly> _loaded = [];

    public string? Summary(Type type) => Lookup(type.Assembly, "T:" + type.FullName);

    public string? Summary(PropertyInfo property) =>
        Lookup(property.DeclaringType!.Assembly, $"P:{property.DeclaringType!.FullName}.{property.Name}");

    private string? Lookup(Assembly assembly, string id)
    {
        if (_loaded.Add(assembly))
        {
            Load(assembly);
        }

        return _summaries.GetValueOrDefault(id);
    }

    private void Load(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            return;
        }

        foreach (var member in XDocument.Load(path).Descendants("member"))
        {
            if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
            {
                _summaries[name] = Flatten(summary);
            }
        }
    }

    private static string Flatten(XElement summary)
    {
        var text = string.Concat(summary.Nodes().Select(node => node switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "c" } c => "`" + c.Value + "`",
            XElement { Name.LocalName: "see" } see => see.Attribute("langword")?.Value
                ?? ShortName(see.Attribute("cref")?.Value ?? string.Empty),
            XElement { Name.LocalName: "paramref" or "typeparamref" } r => r.Attribute("name")?.Value ?? string.Empty,
            XElement e => e.Value,
            _ => string.Empty,
        }));
        return Whitespace().Replace(text, " ").Trim().Replace("*/", "*\\/", StringComparison.Ordinal);
    }

    private static string ShortName(string cref)
    {
        var name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0)
        {
            name = name[..paren];
        }

        var parts = name.Split('.');
        return parts.Length >= 2 && char.IsUpper(parts[^1][0]) && cref.StartsWith("P:", StringComparison.Ordinal)
            ? $"{parts[^2]}.{parts[^1]}"
            : parts[^1];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
