using System.Reflection;
using System.Text;
using Snapshooter.Xunit;

namespace Nexo.Package.Tests;

/// <summary>
/// The public surface of Nexo.Sdk is tracked: any change to it (a new member, a changed signature, a type made
/// public) changes this snapshot and has to be reviewed. Update with a non-strict run and review the diff.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesTheReviewedSnapshot()
    {
        var api = Describe(typeof(NexoClient).Assembly);

        Snapshot.Match(api);
    }

    [Fact]
    public void StorageAndEngineTypes_StayInternal()
    {
        var exported = typeof(NexoClient).Assembly.GetExportedTypes();

        Assert.DoesNotContain(exported, t => t.Namespace is "Nexo.Storage" or "Nexo.Chats" or "Nexo.Tools" or "Nexo.Security");
        Assert.All(exported, t => Assert.Equal("Nexo", t.Namespace));
    }

    private static List<string> Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var kind = type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? "struct"
                : type.IsAbstract && type.IsSealed ? "static class" : IsRecord(type) ? "record" : "class";
            var bases = new List<string>();
            if (type.BaseType is { } b && b != typeof(object) && b != typeof(Enum) && b != typeof(ValueType))
            {
                bases.Add(Name(b));
            }

            bases.AddRange(type.GetInterfaces().Where(i => !i.Name.StartsWith("IEquatable", StringComparison.Ordinal)).Select(Name).Order(StringComparer.Ordinal));
            lines.Add($"{kind} {Name(type)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty)}");
            if (type.IsEnum)
            {
                lines.AddRange(Enum.GetNames(type).Select(n => $"  {n}"));
                continue;
            }

            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var members = new List<string>();
            foreach (var c in type.GetConstructors(flags))
            {
                members.Add($"  ctor({Parameters(c)})");
            }

            foreach (var p in type.GetProperties(flags).Where(p => p.Name != "EqualityContract"))
            {
                var accessors = (p.GetMethod?.IsPublic == true ? "get; " : string.Empty) + (p.SetMethod?.IsPublic == true ? (IsInitOnly(p.SetMethod) ? "init; " : "set; ") : string.Empty);
                members.Add($"  {(p.GetMethod?.IsStatic == true ? "static " : string.Empty)}{Name(p.PropertyType)} {p.Name} {{ {accessors}}}");
            }

            foreach (var f in type.GetFields(flags))
            {
                members.Add($"  {(f.IsLiteral ? "const" : f.IsStatic ? "static" : "field")} {Name(f.FieldType)} {f.Name}");
            }

            foreach (var e in type.GetEvents(flags))
            {
                members.Add($"  event {Name(e.EventHandlerType!)} {e.Name}");
            }

            foreach (var m in type.GetMethods(flags).Where(m => !m.IsSpecialName && m.Name is not ("<Clone>$" or "Equals" or "GetHashCode" or "ToString" or "PrintMembers" or "Deconstruct")))
            {
                members.Add($"  {(m.IsStatic ? "static " : string.Empty)}{Name(m.ReturnType)} {m.Name}{(m.IsGenericMethod ? "<" + string.Join(", ", m.GetGenericArguments().Select(Name)) + ">" : string.Empty)}({Parameters(m)})");
            }

            lines.AddRange(members.Order(StringComparer.Ordinal));
        }

        return lines;
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p => $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)}"));

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Name(inner) + "?";
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (type.IsByRef)
        {
            return "ref " + Name(type.GetElementType()!);
        }

        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : (type.Namespace is "Nexo" or "System" ? type.Name : type.FullName ?? type.Name);
        if (!type.IsGenericType)
        {
            return name;
        }

        var sb = new StringBuilder(name[..name.IndexOf('`', StringComparison.Ordinal)]);
        sb.Append('<').AppendJoin(", ", type.GetGenericArguments().Select(Name)).Append('>');
        return sb.ToString();
    }
}
