using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Nexo.TestMcpServer;

// Usage: dotnet Nexo.TestMcpServer.dll [--paged N] [--tag anything]
//   --paged N   serve only N generated tools ("page_tool_0"…), two per tools/list page, instead of the test tools.
//   --tag X     ignored; lets tests find their own server processes.
// With NEXO_TEST_TOOL_VERSION=1 or 2 in its environment it also offers the tool "versioned", whose input schema differs
// between the two versions (VersionedToolV1, VersionedToolV2).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var paged = ArgValue(args, "--paged") is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
var mcp = builder.Services
    .AddMcpServer(o => o.ServerInfo = new Implementation { Name = "nexo-test-server", Version = "1.0.0" })
    .WithStdioServerTransport();
if (paged is { } count)
{
    mcp.WithListToolsHandler((request, _) => ValueTask.FromResult(PagedTools.List(count, request.Params?.Cursor)))
       .WithCallToolHandler((request, _) => ValueTask.FromResult(PagedTools.Call(request.Params!)));
}
else
{
    mcp.WithTools<TestTools>();
    mcp.WithResources<TestResources>();
    switch (Environment.GetEnvironmentVariable("NEXO_TEST_TOOL_VERSION"))
    {
        case "1":
            mcp.WithTools<VersionedToolV1>();
            break;
        case "2":
            mcp.WithTools<VersionedToolV2>();
            break;
    }
}

Console.Error.WriteLine($"nexo-test-server starting (pid {Environment.ProcessId})");
await builder.Build().RunAsync().ConfigureAwait(false);
return 0;

static string? ArgValue(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
