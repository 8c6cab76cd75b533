using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>Converts enums to and from their wire names (the <see cref="JsonStringEnumMemberNameAttribute"/> spelling).</summary>
internal static class Enums
{
    private static readonly ConcurrentDictionary<Type, (Dictionary<string, object> ByName, Dictionary<object, string> ByValue)> Cache = new();

    public static string Name<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>(T value)
        where T : struct, Enum => Maps<T>().ByValue[value];

    public static T Parse<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>(string name)
        where T : struct, Enum =>
        TryParse<T>(name, out var value) ? value : throw new NexoException(NexoErrorKind.Database, $"Unknown {typeof(T).Name} value '{name}' in the database.");

    public static bool TryParse<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>(string? name, out T value)
        where T : struct, Enum
    {
        if (name is not null && Maps<T>().ByName.TryGetValue(name, out var boxed))
        {
            value = (T)boxed;
            return true;
        }

        value = default;
        return false;
    }

    public static IEnumerable<string> Names<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>()
        where T : struct, Enum => Maps<T>().ByValue.Values;

    // The enum's fields are read by reflection: the annotation keeps them in a trimmed (Native AOT) build.
    private static (Dictionary<string, object> ByName, Dictionary<object, string> ByValue) Maps<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>()
        where T : struct, Enum =>
        Cache.TryGetValue(typeof(T), out var maps) ? maps : Cache.GetOrAdd(typeof(T), Build(typeof(T)));

    private static (Dictionary<string, object> ByName, Dictionary<object, string> ByValue) Build([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] Type t)
    {
        var byName = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        var byValue = new Dictionary<object, string>();
        foreach (var field in t.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var wire = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name;
            var value = field.GetValue(null)!;
            byName[wire] = value;
            byValue[value] = wire;
        }

        return (byName, byValue);
    }
}
