using System.ComponentModel;
using ModelContextProtocol.Server;

namespace Nexo.TestMcpServer;

/// <summary>
/// The tool "versioned", version 2: text and a repeat count. The server offers it when the environment variable
/// NEXO_TEST_TOOL_VERSION is 2, so a test can change a tool's input schema without changing the server's command line.
/// </summary>
[McpServerToolType]
public sealed class VersionedToolV2
{
    [McpServerTool(Name = "versioned"), Description("Returns the text it is given.")]
    public static string Versioned([Description("The text to return.")] string text, [Description("How many times to repeat it.")] int times = 1) => string.Concat(Enumerable.Repeat(text, Math.Max(1, times)));
}
