using System.Reflection;
using System.Runtime.CompilerServices;
using Nexo.JsonRpcServer.Contract;
using Nexo.JsonRpcServer.Hosting;
using Nexo.JsonRpcServer.TypeScript;
using Snapshooter.Xunit;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Tests;

/// <summary>The contract is declared once; these tests keep the host, the SDK names and the TypeScript bindings in line with it.</summary>
public sealed class ContractTests
{
    [Fact]
    public void RegisteredMethods_AreExactlyTheContractCommands_WithTheirParamsAndResultTypes()
    {
        var registered = typeof(NexoJsonRpcHost).Assembly.GetTypes()
            .Where(t => t.Namespace == "Nexo.JsonRpcServer.Methods" && t.IsPublic)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<JsonRpcMethodAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToList();

        Assert.Equal(
            RpcContract.Commands.Select(c => c.Name).Order(StringComparer.Ordinal),
            registered.Select(r => r.Attribute!.Name!).Order(StringComparer.Ordinal));
        foreach (var (method, attribute) in registered)
        {
            var contract = RpcContract.Find(attribute!.Name!)!;
            Assert.True(attribute.UseSingleObjectParameterDeserialization, $"{contract.Name} must take one named-params object");
            Assert.Equal(contract.ParamsType, method.GetParameters()[0].ParameterType);
            Assert.Equal(ExpectedReturnType(contract), method.ReturnType);
        }
    }

    [Fact]
    public void ContractCommands_AreSdkCommandNames_InSdkOrder()
    {
        var names = RpcContract.Commands.Select(c => c.Name).ToList();

        Assert.All(names, n => Assert.Contains(n, NexoCommands.All));
        Assert.Equal(NexoCommands.All.Where(names.Contains), names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void ContractNotifications_AreEverySdkEvent_WithTheMatchingPayloadRecord()
    {
        Assert.Equal(NexoEvents.All, RpcContract.Notifications.Select(n => n.Name));
        foreach (var notification in RpcContract.Notifications)
        {
            var instance = (NexoEvent)RuntimeHelpers.GetUninitializedObject(notification.PayloadType);
            Assert.Equal(notification.Name, instance.EventName);
        }
    }

    [Fact]
    public void EveryParamsProperty_IsRequiredOrNullable_SoOptionalityIsVisibleInTypeScript()
    {
        var context = new NullabilityInfoContext();
        foreach (var method in RpcContract.Lifecycle.Concat(RpcContract.Commands))
        {
            foreach (var property in NexoJson.Options.GetTypeInfo(method.ParamsType).Properties)
            {
                var clr = (PropertyInfo)property.AttributeProvider!;
                var nullable = Nullable.GetUnderlyingType(clr.PropertyType) is not null || (!clr.PropertyType.IsValueType && context.Create(clr).ReadState == NullabilityState.Nullable);
                Assert.True(property.IsRequired ^ nullable, $"{method.ParamsType.Name}.{clr.Name} must be either required or nullable");
            }
        }
    }

    [Fact]
    public void MethodAndNotificationList_MatchesTheSnapshot()
    {
        var contract = new
        {
            RpcContract.ProtocolVersion,
            Lifecycle = RpcContract.Lifecycle.Select(Describe),
            Commands = RpcContract.Commands.Select(Describe),
            Notifications = RpcContract.Notifications.Select(n => $"{n.Name}: {n.PayloadType.Name}"),
            ProtocolNotifications = RpcContract.ProtocolNotifications.Select(n => $"{n.Name}: {n.PayloadType.Name}"),
            ErrorCodes = RpcErrorCodes.All.Select(c => $"{c.Code} {c.Name}{(c.Kind is { } k ? $" ({k})" : string.Empty)}"),
        };

        Snapshot.Match(contract);
    }

    [Fact]
    public void CommittedTypeScriptBindings_MatchTheContract()
    {
        var committed = Path.Combine(RepositoryRoot(), "clients", "typescript", "src", "generated");
        var generated = TypeScriptGenerator.Generate();
        const string Fix = "The TypeScript bindings are out of date. Regenerate them with: dotnet run --project src/Nexo.JsonRpcServer -- --emit-typescript clients/typescript/src/generated";

        Assert.True(Directory.Exists(committed), Fix);
        Assert.Equal(generated.Keys.Order(StringComparer.Ordinal), Directory.GetFiles(committed).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);
        foreach (var (name, content) in generated)
        {
            var onDisk = File.ReadAllText(Path.Combine(committed, name));
            Assert.True(onDisk == content, $"{name} differs from the contract. {Fix}");
        }
    }

    [Fact]
    public void TypeScriptGenerator_MarksNullablePropertiesOptional_AndUsesWireNames()
    {
        var types = TypeScriptGenerator.Generate()["NexoTypes.ts"];

        Assert.Contains("export interface CreateWorkspaceParams {", types, StringComparison.Ordinal);
        Assert.Contains("  name: string;", types, StringComparison.Ordinal);
        Assert.Contains("  rootPath?: string;", types, StringComparison.Ordinal);
        Assert.Contains("export type LlmProviderKind = \"openai\" | \"openai-compatible\" | \"anthropic\" | \"ollama\" | \"echo\";", types, StringComparison.Ordinal);
        Assert.Contains("  tokenUsage?: TokenUsage;", types, StringComparison.Ordinal);
        Assert.Contains("  toolPermissions: Record<string, ToolPermissionRule>;", types, StringComparison.Ordinal);
    }

    [Fact]
    public void ProtocolDoc_HasASectionForEveryCommandAndNotification_AndEveryErrorCode()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "protocol.md"));

        Assert.All(RpcContract.Commands.Select(c => c.Name).Concat(RpcContract.Notifications.Concat(RpcContract.ProtocolNotifications).Select(n => n.Name)), name =>
            Assert.True(doc.Contains($"### `{name}`", StringComparison.Ordinal), $"docs/protocol.md has no section for {name}"));
        Assert.All(RpcErrorCodes.All, code =>
            Assert.True(doc.Contains($"| {code.Code} | {code.Name} |", StringComparison.Ordinal), $"docs/protocol.md has no row for {code.Code}"));
    }

    private static string Describe(RpcMethod m) =>
        $"{m.Name}({m.ParamsType.Name}) -> {(m.ResultType is null ? "null" : m.ResultType.Name + (m.ResultIsArray ? "[]" : string.Empty))}{(m.LongRunning ? " [long-running]" : string.Empty)}";

    private static Type ExpectedReturnType(RpcMethod contract)
    {
        if (contract.ResultType is null)
        {
            return typeof(Task);
        }

        var result = contract.ResultIsArray ? typeof(IReadOnlyList<>).MakeGenericType(contract.ResultType) : contract.ResultType;
        return typeof(Task<>).MakeGenericType(result);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Nexo.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Nexo.sln not found above " + AppContext.BaseDirectory);
    }
}
