using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nexo.JsonRpcServer.Contract;
using Nexo.JsonRpcServer.Hosting;

namespace Nexo.JsonRpcServer.TypeScript;

/// <summary>
/// Writes the TypeScript bindings of <see cref="RpcContract"/>: the command and event names (<c>NexoCommands.ts</c>,
/// <c>NexoEvents.ts</c>), an interface for every params, result and event payload type (<c>NexoTypes.ts</c>) and a
/// typed method per command (<c>NexoApi.ts</c>). Property names and optionality follow <see cref="NexoJson.Options"/>:
/// a property is optional (<c>?</c>) exactly when it is nullable, because null values are never written.
/// </summary>
public sealed class TypeScriptGenerator
{
    /// <summary>The first line of every generated file.</summary>
    public const string Banner = "// Generated from the C# contract (Nexo.JsonRpcServer.Contract.RpcContract) by `nexo-jsonrpc --emit-typescript DIR`. Do not edit.";

    private readonly NullabilityInfoContext _nullability = new();
    private readonly XmlDocs _docs = new();
    private readonly SortedDictionary<string, Type> _interfaces = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Type> _enums = new(StringComparer.Ordinal);

    /// <summary>Generates every file.</summary>
    /// <returns>File name → content.</returns>
    public static IReadOnlyDictionary<string, string> Generate() => new TypeScriptGenerator().Run();

    /// <summary>Writes every file into <paramref name="directory"/> (created when missing).</summary>
    /// <param name="directory">The target folder.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var (name, content) in Generate())
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            written.Add(path);
        }

        return written;
    }

    private Dictionary<string, string> Run()
    {
        var all = RpcContract.Lifecycle.Concat(RpcContract.Commands).ToList();
        foreach (var method in all)
        {
            Reference(method.ParamsType);
            if (method.ResultType is { } result)
            {
                Reference(result);
            }
        }

        foreach (var notification in RpcContract.Notifications.Concat(RpcContract.ProtocolNotifications))
        {
            Reference(notification.PayloadType);
        }

        Reference(typeof(RpcErrorData));

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["NexoTypes.ts"] = Types(),
            ["NexoCommands.ts"] = Commands(),
            ["NexoEvents.ts"] = Events(),
            ["NexoApi.ts"] = Api(),
        };
    }

    private string Types()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Banner).AppendLine();
        sb.AppendLine("/** Any JSON value. */");
        sb.AppendLine("export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };").AppendLine();

        // Writing an interface may discover more types: loop until stable, then print sorted.
        var rendered = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (_interfaces.Keys.FirstOrDefault(k => !rendered.ContainsKey(k)) is { } next)
        {
            rendered[next] = Interface(next, _interfaces[next]);
        }

        foreach (var (name, type) in _enums)
        {
            Doc(sb, _docs.Summary(type), string.Empty);
            var values = Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.Serialize(v, type, NexoJson.Options));
            sb.Append("export type ").Append(name).Append(" = ").AppendJoin(" | ", values).AppendLine(";").AppendLine();
        }

        foreach (var text in rendered.Values)
        {
            sb.Append(text).AppendLine();
        }

        sb.AppendLine("/** The stable JSON-RPC error codes; every error's `data` is a `RpcErrorData`. */");
        sb.AppendLine("export const NexoErrorCodes = {");
        foreach (var code in RpcErrorCodes.All)
        {
            Doc(sb, code.Meaning, "  ");
            sb.Append("  ").Append(code.Name).Append(": ").Append(code.Code).AppendLine(",");
        }

        sb.AppendLine("} as const;");
        return sb.ToString();
    }

    private string Interface(string name, Type type)
    {
        var sb = new StringBuilder();
        Doc(sb, _docs.Summary(type), string.Empty);
        var info = NexoJson.Options.GetTypeInfo(type);
        if (info.Properties.Count == 0)
        {
            sb.Append("export type ").Append(name).AppendLine(" = Record<string, never>;");
            return sb.ToString();
        }

        sb.Append("export interface ").Append(name).AppendLine(" {");
        foreach (var property in info.Properties)
        {
            var clr = property.AttributeProvider as PropertyInfo;
            Doc(sb, clr is null ? null : _docs.Summary(clr), "  ");
            var optional = IsNullable(property, clr);
            sb.Append("  ").Append(property.Name).Append(optional ? "?: " : ": ").Append(TsType(property.PropertyType, clr is null ? null : _nullability.Create(clr))).AppendLine(";");
        }

        sb.AppendLine("}");
        return sb.ToString();
    }

    private string Commands()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Banner).AppendLine();
        var imports = RpcContract.Commands.SelectMany(m => new[] { m.ParamsType, m.ResultType })
            .Where(t => t is not null).Select(t => TsType(t!, null)).Where(_interfaces.ContainsKey).Distinct().Order(StringComparer.Ordinal);
        sb.Append("import type { ").AppendJoin(", ", imports).AppendLine(" } from \"./NexoTypes.js\";").AppendLine();
        sb.AppendLine("/** The protocol version `initialize` reports. */");
        sb.Append("export const PROTOCOL_VERSION = ").Append(RpcContract.ProtocolVersion).AppendLine(";").AppendLine();
        NameConstants(sb, "The life-cycle methods (LSP style); `initialized` and `exit` are notifications.", "NexoLifecycle", RpcContract.Lifecycle.Select(m => m.Name));
        NameConstants(sb, "Every command the server serves, named exactly as the original Nexo registers it.", "NexoCommands", RpcContract.Commands.Select(m => m.Name));
        sb.AppendLine("/** A command name. */");
        sb.AppendLine("export type NexoCommand = (typeof NexoCommands)[keyof typeof NexoCommands];").AppendLine();
        NameMap(sb, "The params and result type of every command.", "NexoCommandMap", RpcContract.Commands.Select(m => (m.Name, $"{{ params: {TsType(m.ParamsType, null)}; result: {ResultType(m)} }}")));
        sb.AppendLine();
        sb.AppendLine("/** The params type of a command. */");
        sb.AppendLine("export type NexoParams<C extends NexoCommand> = NexoCommandMap[C][\"params\"];").AppendLine();
        sb.AppendLine("/** The result type of a command. */");
        sb.AppendLine("export type NexoResult<C extends NexoCommand> = NexoCommandMap[C][\"result\"];");
        return sb.ToString();
    }

    private string Events()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Banner).AppendLine();
        var imports = RpcContract.Notifications.Concat(RpcContract.ProtocolNotifications).Select(n => TsType(n.PayloadType, null)).Distinct().Order(StringComparer.Ordinal);
        sb.Append("import type { ").AppendJoin(", ", imports).AppendLine(" } from \"./NexoTypes.js\";").AppendLine();
        NameConstants(sb, "Every event the server sends as a notification, named exactly as the original Nexo emits it.", "NexoEvents", RpcContract.Notifications.Select(n => n.Name));
        sb.AppendLine("/** An event name. */");
        sb.AppendLine("export type NexoEvent = (typeof NexoEvents)[keyof typeof NexoEvents];").AppendLine();
        NameMap(sb, "The payload type of every event.", "NexoEventMap", RpcContract.Notifications.Select(n => (n.Name, TsType(n.PayloadType, null))));
        sb.AppendLine();
        NameConstants(sb, "The protocol's own notifications from the server (LSP style), beside the events.", "NexoProtocolNotifications", RpcContract.ProtocolNotifications.Select(n => n.Name));
        NameMap(sb, "The params type of every protocol notification.", "NexoProtocolNotificationMap", RpcContract.ProtocolNotifications.Select(n => (n.Name, TsType(n.PayloadType, null))));
        return sb.ToString();
    }

    private string Api()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Banner).AppendLine();
        sb.AppendLine("import type { CancellationToken } from \"vscode-jsonrpc\";");
        sb.AppendLine("import { NexoCommands, type NexoCommand, type NexoParams, type NexoResult } from \"./NexoCommands.js\";");
        var imports = RpcContract.Commands.SelectMany(m => new[] { m.ParamsType, m.ResultType })
            .Where(t => t is not null).Select(t => TsType(t!, null)).Where(_interfaces.ContainsKey).Distinct().Order(StringComparer.Ordinal);
        sb.Append("import type { ").AppendJoin(", ", imports).AppendLine(" } from \"./NexoTypes.js\";").AppendLine();
        sb.AppendLine("/** One typed method per command; a client supplies `request`. */");
        sb.AppendLine("export abstract class NexoApi {");
        sb.AppendLine("  /** Sends a command and resolves with its result; rejects with the server's error. */");
        sb.AppendLine("  abstract request<C extends NexoCommand>(command: C, params: NexoParams<C>, token?: CancellationToken): Promise<NexoResult<C>>;");
        foreach (var m in RpcContract.Commands)
        {
            sb.AppendLine();
            Doc(sb, _docs.Summary(m.ParamsType), "  ");
            var paramsType = TsType(m.ParamsType, null);
            var hasRequired = NexoJson.Options.GetTypeInfo(m.ParamsType).Properties.Any(p => p.IsRequired);
            sb.Append("  ").Append(MethodName(m.Name)).Append("(params: ").Append(paramsType).Append(hasRequired ? string.Empty : " = {}")
                .Append(", token?: CancellationToken): Promise<").Append(ResultType(m)).AppendLine("> {");
            sb.Append("    return this.request(NexoCommands.").Append(ConstName(m.Name)).AppendLine(", params, token);");
            sb.AppendLine("  }");
        }

        sb.AppendLine("}");
        return sb.ToString();
    }

    private string ResultType(RpcMethod method) =>
        method.ResultType is null ? "null" : TsType(method.ResultType, null) + (method.ResultIsArray ? "[]" : string.Empty);

    private void Reference(Type type) => TsType(type, null);

    private string TsType(Type type, NullabilityInfo? nullability)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TsType(underlying, null);
        }

        if (type == typeof(string) || type == typeof(char) || type == typeof(Guid) || type == typeof(StopReason))
        {
            return "string";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "string";
        }

        if (type == typeof(bool))
        {
            return "boolean";
        }

        if (type.IsPrimitive || type == typeof(decimal))
        {
            return "number";
        }

        if (type == typeof(JsonElement) || type == typeof(object))
        {
            return type == typeof(object) ? "unknown" : "JsonValue";
        }

        if (type.IsEnum)
        {
            _enums.TryAdd(type.Name, type);
            return type.Name;
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return $"Record<string, {TsType(valueType, nullability?.GenericTypeArguments.ElementAtOrDefault(1))}>";
        }

        if (type != typeof(string) && ElementType(type) is { } element)
        {
            var inner = TsType(element, nullability?.ElementType ?? nullability?.GenericTypeArguments.FirstOrDefault());
            return inner.Contains(' ', StringComparison.Ordinal) ? $"({inner})[]" : inner + "[]";
        }

        if (_interfaces.TryGetValue(type.Name, out var known) && known != type)
        {
            throw new InvalidOperationException($"Two contract types are named '{type.Name}': {known.FullName} and {type.FullName}.");
        }

        _interfaces[type.Name] = type;
        return type.Name;
    }

    private bool IsNullable(JsonPropertyInfo property, PropertyInfo? clr)
    {
        if (Nullable.GetUnderlyingType(property.PropertyType) is not null)
        {
            return true;
        }

        if (property.PropertyType.IsValueType || clr is null)
        {
            return false;
        }

        return _nullability.Create(clr).ReadState == NullabilityState.Nullable;
    }

    private static Type? DictionaryValueType(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IReadOnlyDictionary<,>) || d == typeof(IDictionary<,>) || d == typeof(Dictionary<,>))
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));
        return dictionary?.GetGenericArguments() is [var key, var value] && key == typeof(string) ? value : null;
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private static void Doc(StringBuilder sb, string? summary, string indent)
    {
        if (!string.IsNullOrWhiteSpace(summary))
        {
            sb.Append(indent).Append("/** ").Append(summary).AppendLine(" */");
        }
    }

    /// <summary><c>create_workspace</c> → <c>CREATE_WORKSPACE</c>; <c>message-chunk</c> → <c>MESSAGE_CHUNK</c>.</summary>
    /// <summary>Writes <c>export const NAME = { CONST: "wire-name", … } as const;</c> and a blank line.</summary>
    private static void NameConstants(StringBuilder sb, string doc, string name, IEnumerable<string> wireNames)
    {
        sb.Append("/** ").Append(doc).AppendLine(" */");
        sb.Append("export const ").Append(name).AppendLine(" = {");
        foreach (var wireName in wireNames)
        {
            sb.Append("  ").Append(ConstName(wireName)).Append(": \"").Append(wireName).AppendLine("\",");
        }

        sb.AppendLine("} as const;").AppendLine();
    }

    /// <summary>Writes <c>export interface NAME { "wire-name": TYPE; … }</c>.</summary>
    private static void NameMap(StringBuilder sb, string doc, string name, IEnumerable<(string WireName, string Type)> entries)
    {
        sb.Append("/** ").Append(doc).AppendLine(" */");
        sb.Append("export interface ").Append(name).AppendLine(" {");
        foreach (var (wireName, type) in entries)
        {
            sb.Append("  \"").Append(wireName).Append("\": ").Append(type).AppendLine(";");
        }

        sb.AppendLine("}");
    }

    private static string ConstName(string name) => name.TrimStart('$', '/').Replace('-', '_').Replace('/', '_').ToUpperInvariant();

    /// <summary><c>create_workspace</c> → <c>createWorkspace</c>.</summary>
    private static string MethodName(string name)
    {
        var parts = name.Split('_', '-');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
