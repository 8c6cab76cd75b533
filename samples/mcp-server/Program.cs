using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using Nexo.Samples.McpServer;

// A stdio MCP server: JSON-RPC on stdout, so every log line goes to stderr.
// Run it by hand with `dotnet run --project samples/mcp-server`, or let a Nexo sample start it.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, DisableDefaults = true });
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Information);

builder.Services
    .AddMcpServer(o => o.ServerInfo = new Implementation { Name = "nexo-sample-tools", Version = "1.0.0" })
    .WithStdioServerTransport()
    .WithTools<SampleTools>();

await builder.Build().RunAsync().ConfigureAwait(false);
