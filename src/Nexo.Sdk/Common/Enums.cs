using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Nexo;

/// <summary>Converts enums to and from their wire names (the <see cref="JsonStringEnumMemberNameAttribute"/> spelling).</summary>
internal static class Enums
{
    private static readonly ConcurrentDictionary<Type, (Dictionary<string, object> ByName, Dictionary<object, string> ByValue)> Cache = new();

    public static string Name<T>(T value)
        where T : struct, Enum => Maps(typeof(T)).ByValue[value];

    public static T Parse<T>(string name)
        where T : struct, Enum =>
        TryParse<T>(name, out var value) ? value : throw new NexoException(NexoErrorKind.Database, $"Unknown {typeof(T).Name} value '{name}' in the database.");

    public static bool TryParse<T>(string? name, out T value)
        where T : struct, Enum
    {
        if (name is not null && Maps(typeof(T)).ByName.TryGetValue(name, out var boxed))
        {
            value = (T)boxed;
            return true;
        }

        value = default;
        return false;
    }

    public static IEnumerable<string> Names<T>()
        where T : struct, Enum => Maps(typeof(T)).ByValue.Values;

    private static (Dictionary<string, object> ByName, Dictionary<object, string> ByValue) Maps(Type type) =>
        Cache.GetOrAdd(type, t =>
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
        });
}
