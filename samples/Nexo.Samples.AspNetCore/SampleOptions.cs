using System.Reflection;

namespace Nexo.Samples.AspNetCore;

/// <summary>The sample's settings, bound from the <c>Nexo</c> configuration section (appsettings.json, environment variables <c>Nexo__…</c>, command line).</summary>
public sealed class SampleOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nexo";

    /// <summary>The database file; <c>nexo-aspnetcore-sample/nexo.db</c> in the temporary folder when empty.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>The workspace every chat of the sample lives in; created on start when missing.</summary>
    public string WorkspaceName { get; set; } = "aspnetcore sample";

    /// <summary>The LLM connection the workspace uses; created on start when no connection has its name.</summary>
    public ConnectionOptions Connection { get; set; } = new();

    /// <summary>The sample MCP server's DLL; the one built beside this sample when empty.</summary>
    public string? McpServerDll { get; set; }

    /// <summary>The tools of the sample MCP server the workspace enables (they run without asking).</summary>
    public List<string> McpTools { get; set; } = [];

    /// <summary>The database path to open.</summary>
    public string ResolveDatabasePath() => string.IsNullOrWhiteSpace(DatabasePath)
        ? Path.Combine(Path.GetTempPath(), "nexo-aspnetcore-sample", "nexo.db")
        : DatabasePath;

    /// <summary>The MCP server DLL to start.</summary>
    public string ResolveMcpServerDll() => string.IsNullOrWhiteSpace(McpServerDll)
        ? typeof(SampleOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "McpServerDll").Value!
        : McpServerDll;
}

/// <summary>An LLM connection as configuration describes it.</summary>
public sealed class ConnectionOptions
{
    /// <summary>The connection's name, its key in the database.</summary>
    public string Name { get; set; } = "echo";

    /// <summary>The provider: <c>Echo</c> (offline, no key), <c>OpenAI</c>, <c>OpenAICompatible</c>, <c>Anthropic</c> or <c>Ollama</c>.</summary>
    public LlmProviderKind Provider { get; set; } = LlmProviderKind.Echo;

    /// <summary>The provider's base URL.</summary>
    public string BaseUrl { get; set; } = "http://localhost";

    /// <summary>The API key, when the provider needs one (keep it in user secrets or an environment variable, not in appsettings.json).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model.</summary>
    public string Model { get; set; } = "echo";
}
