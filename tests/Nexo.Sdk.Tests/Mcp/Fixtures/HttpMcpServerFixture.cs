using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using Nexo.TestMcpServer;

namespace Nexo.Sdk.Tests.Mcp;

/// <summary>
/// The C# test tools served in-process over HTTP on 127.0.0.1 (a free port): a current Streamable HTTP server, and a
/// legacy one that also maps the old HTTP+SSE endpoints. Records the headers of every request.
/// </summary>
public sealed class HttpMcpServerFixture : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private WebApplication? _modern;
    private WebApplication? _legacy;

    public NexoClient Nexo { get; private set; } = null!;

    /// <summary>The Streamable HTTP endpoint of the current server.</summary>
    public string ModernUrl { get; private set; } = null!;

    /// <summary>The base of the legacy server (<c>/mcp</c> for Streamable HTTP with sessions, <c>/mcp/sse</c> for HTTP+SSE).</summary>
    public string LegacyUrl { get; private set; } = null!;

    /// <summary>The value of <c>X-Nexo-Test</c> of every request that had one.</summary>
    public ConcurrentQueue<string> TestHeaders { get; } = new();

    public async Task InitializeAsync()
    {
        Nexo = await _db.OpenAsync();
        (_modern, ModernUrl) = await StartAsync(legacy: false);
        (_legacy, LegacyUrl) = await StartAsync(legacy: true);
        ModernUrl += "/mcp";
        LegacyUrl += "/mcp";
    }

    public async Task DisposeAsync()
    {
        await Nexo.DisposeAsync();
        foreach (var app in new[] { _modern, _legacy })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        await _db.DisposeAsync();
    }

    private async Task<(WebApplication App, string BaseUrl)> StartAsync(bool legacy)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services
            .AddMcpServer(o => o.ServerInfo = new Implementation { Name = "nexo-test-http-server", Version = "1.0.0" })
            .WithHttpTransport(o =>
            {
                if (legacy)
                {
                    o.Stateless = false;
#pragma warning disable MCP9004 // The legacy transport is what this server exists to test.
                    o.EnableLegacySse = true;
#pragma warning restore MCP9004
                }
            })
            .WithTools<TestTools>();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.TryGetValue("X-Nexo-Test", out var value))
            {
                TestHeaders.Enqueue(value.ToString());
            }

            await next();
        });
        app.MapMcp("/mcp");
        await app.StartAsync();
        return (app, app.Urls.Single());
    }
}

[CollectionDefinition(Name)]
public sealed class HttpMcpServerCollection : ICollectionFixture<HttpMcpServerFixture>
{
    public const string Name = "HTTP MCP test server";
}
