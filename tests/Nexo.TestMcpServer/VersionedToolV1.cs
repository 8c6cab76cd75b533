using System.ComponentModel;
using ModelContextProtocol.Server;

namespace Nexo.TestMcpServer;

/// <summary>
/// The tool "versioned", version 1: text only. The server offers it when the environment variable
/// NEXO_TEST_TOOL_VERSION is 1, so a test can change a tool's input schema without changing the server's command line.
/// </summary>
[McpServerToolType]
public sealed class VersionedToolV1
{
    [McpServerTool(Name = "versioned"), Description("Returns the text it is given.")]
    public static string Versioned([Description("The text to return.")] string text) => text;
}
