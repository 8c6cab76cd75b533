using Nexo.JsonRpcServer.Contract;
using Nexo.JsonRpcServer.Hosting;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Methods;

/// <summary>The LSP-style life cycle: <c>initialize</c>, <c>initialized</c>, <c>shutdown</c>, <c>exit</c>.</summary>
internal sealed class LifecycleMethods(NexoClient nexo, RpcSession session, EventForwarder events, Func<JsonRpc> rpc)
{
    /// <summary>The server's name in <c>initialize</c>.</summary>
    public const string ServerName = "nexo-jsonrpc";

    [JsonRpcMethod(RpcContract.Initialize, UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams? p = null) => new()
    {
        ProtocolVersion = RpcContract.ProtocolVersion,
        ServerInfo = new ServerInfo { Name = ServerName, Version = ServerVersion },
        Capabilities = new ServerCapabilities
        {
            Commands = RpcContract.Commands.Select(c => c.Name).ToList(),
            Events = RpcContract.Notifications.Select(n => n.Name).ToList(),
        },
        DataFolder = Path.GetDirectoryName(nexo.DatabasePath)!,
        DatabasePath = nexo.DatabasePath,
    };

    [JsonRpcMethod(RpcContract.Initialized, UseSingleObjectParameterDeserialization = true)]
    public void Initialized(EmptyParams? p = null) => events.Start(rpc());

    [JsonRpcMethod(RpcContract.Shutdown, UseSingleObjectParameterDeserialization = true)]
    public void Shutdown(EmptyParams? p = null) => session.RequestShutdown();

    [JsonRpcMethod(RpcContract.Exit, UseSingleObjectParameterDeserialization = true)]
    public void Exit(EmptyParams? p = null) => session.RequestExit();

    /// <summary>The informational version of the server assembly.</summary>
    public static string ServerVersion { get; } =
        typeof(LifecycleMethods).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
