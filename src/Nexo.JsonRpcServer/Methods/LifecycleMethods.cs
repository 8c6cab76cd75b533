using Nexo.JsonRpcServer.Contract;
using Nexo.JsonRpcServer.Hosting;
using StreamJsonRpc;

namespace Nexo.JsonRpcServer.Methods;

/// <summary>The LSP-style life cycle: <c>initialize</c>, <c>initialized</c>, <c>shutdown</c>, <c>exit</c>.</summary>
internal sealed class LifecycleMethods(NexoClient nexo, RpcSession session, EventForwarder events)
{
    /// <summary>The server's name in <c>initialize</c>.</summary>
    public const string ServerName = "nexo-jsonrpc";

    [JsonRpcMethod(RpcContract.Initialize, UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams? p = null)
    {
        // MCP servers may ask the user for input only when this client says it can show the questions.
        nexo.Mcp.ElicitationModes = ElicitationModes(p?.Capabilities);
        return Result();
    }

    /// <summary>The elicitation modes the client answers: <c>capabilities.mcpElicitation.form</c> / <c>.url</c> set to <see langword="true"/>.</summary>
    internal static McpElicitationModes ElicitationModes(System.Text.Json.JsonElement? capabilities)
    {
        if (capabilities is not { ValueKind: System.Text.Json.JsonValueKind.Object } caps
            || !caps.TryGetProperty("mcpElicitation", out var elicitation)
            || elicitation.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return McpElicitationModes.None;
        }

        static bool IsTrue(System.Text.Json.JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.True;
        return (IsTrue(elicitation, "form") ? McpElicitationModes.Form : McpElicitationModes.None)
            | (IsTrue(elicitation, "url") ? McpElicitationModes.Url : McpElicitationModes.None);
    }

    private InitializeResult Result() => new()
    {
        ProtocolVersion = RpcContract.ProtocolVersion,
        ServerInfo = new ServerInfo { Name = ServerName, Version = ServerVersion },
        Capabilities = new ServerCapabilities
        {
            Commands = RpcContract.Commands.Select(c => c.Name).ToList(),
            Events = RpcContract.Notifications.Select(n => n.Name).ToList(),
        },
        DataFolder = nexo.DataFolder,
        DatabasePath = nexo.DatabasePath,
    };

    [JsonRpcMethod(RpcContract.Initialized, UseSingleObjectParameterDeserialization = true)]
    public void Initialized(EmptyParams? p = null) => events.Start();

    [JsonRpcMethod(RpcContract.Shutdown, UseSingleObjectParameterDeserialization = true)]
    public void Shutdown(EmptyParams? p = null) => session.RequestShutdown();

    [JsonRpcMethod(RpcContract.Exit, UseSingleObjectParameterDeserialization = true)]
    public void Exit(EmptyParams? p = null) => session.RequestExit();

    /// <summary>The informational version of the server assembly.</summary>
    public static string ServerVersion { get; } =
        typeof(LifecycleMethods).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
