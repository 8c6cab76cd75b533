using Dapper;
using System.Text.Json;

namespace Nexo.Sdk.Tests.Mcp;

public sealed class McpServerServiceTests
{
    [Fact]
    public async Task CreateAsync_Stdio_StoresCommandArgsAndMaskedEnv()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        var server = await nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "files",
            Transport = McpTransportKind.Stdio,
            Command = " npx ",
            Args = ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"],
            Env = new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghp_abcdefghijklmnop1234", ["SHORT"] = "abc" },
            WorkingDirectory = "/tmp",
            TimeoutSeconds = 30,
        });

        Assert.Equal("npx", server.Command);
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], server.Args);
        Assert.Equal("…1234", server.Env["GITHUB_TOKEN"]);
        Assert.Equal("****", server.Env["SHORT"]);
        Assert.Equal("/tmp", server.WorkingDirectory);
        Assert.Equal(30, server.TimeoutSeconds);
        Assert.Equal(McpServerStatus.Disconnected, server.Status);
        Assert.Empty(server.Tools);
        var secrets = await nexo.McpServers.GetSecretsAsync(server.Id);
        Assert.Equal("ghp_abcdefghijklmnop1234", secrets.Env["GITHUB_TOKEN"]);
        Assert.Equal("abc", secrets.Env["SHORT"]);
        Assert.Empty(secrets.Headers);
    }

    [Fact]
    public async Task FindByIdAsync_ReturnsTheMaskedServer_OrNullForAnUnknownId_WithoutMatchingNames()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var server = await nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "files",
            Transport = McpTransportKind.Stdio,
            Command = "npx",
            Env = new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghp_abcdefghijklmnop1234" },
        });

        var found = await nexo.McpServers.FindByIdAsync(server.Id);

        Assert.NotNull(found);
        Assert.Equal(server.Name, found.Name);
        Assert.Equal("…1234", found.Env["GITHUB_TOKEN"]);
        Assert.Equal(McpServerStatus.Disconnected, found.Status);
        Assert.Null(await nexo.McpServers.FindByIdAsync("missing"));
        Assert.Null(await nexo.McpServers.FindByIdAsync("files"));
    }

    [Fact]
    public async Task CreateAsync_Http_StoresUrlAndEncryptedHeaders()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        var server = await nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "remote",
            Transport = McpTransportKind.Http,
            Url = "https://mcp.example.com/mcp/",
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer token-1234567890" },
        });

        Assert.Equal("https://mcp.example.com/mcp", server.Url);
        Assert.Equal("…7890", server.Headers["Authorization"]);
        Assert.Equal("Bearer token-1234567890", (await nexo.McpServers.GetSecretsAsync(server.Id)).Headers["Authorization"]);
        Assert.Equal(server, await nexo.McpServers.FindAsync("REMOTE") with { Args = server.Args, Env = server.Env, Headers = server.Headers, Tools = server.Tools });
    }

    [Fact]
    public async Task UpdateAsync_ChangesGivenFields_AndReplacesOnlyTheGivenSecrets()
    {
        await using var db = new TempDatabase();
        var clock = new ManualTimeProvider();
        await using var nexo = await db.OpenAsync(clock);
        var server = await nexo.McpServers.CreateAsync(new NewMcpServer
        {
            Name = "s",
            Transport = McpTransportKind.Stdio,
            Command = "node",
            Env = new Dictionary<string, string> { ["A"] = "env-a-value" },
            Headers = new Dictionary<string, string> { ["X-H"] = "header-h-value" },
        });
        clock.Advance();

        var updated = await nexo.McpServers.UpdateAsync(server.Id, new McpServerUpdate { Name = "s2", Args = ["server.js"], Enabled = false, TimeoutSeconds = 5 });
        Assert.Equal(("s2", false, 5, "node"), (updated.Name, updated.Enabled, updated.TimeoutSeconds, updated.Command));
        Assert.Equal(["server.js"], updated.Args);
        Assert.Equal(clock.Now, updated.UpdatedAt);
        Assert.Equal("env-a-value", (await nexo.McpServers.GetSecretsAsync(server.Id)).Env["A"]);

        await nexo.McpServers.UpdateAsync(server.Id, new McpServerUpdate { Env = new Dictionary<string, string> { ["B"] = "env-b-value" } });
        var secrets = await nexo.McpServers.GetSecretsAsync(server.Id);
        Assert.Equal(["B"], secrets.Env.Keys);
        Assert.Equal("header-h-value", secrets.Headers["X-H"]);
    }

    [Fact]
    public async Task UpdateAsync_SwitchingToHttp_NeedsAUrl()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var server = await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "s", Transport = McpTransportKind.Stdio, Command = "node" });

        await NexoAssert.ValidationAsync("url", () => nexo.McpServers.UpdateAsync(server.Id, new McpServerUpdate { Transport = McpTransportKind.Http }));
        var http = await nexo.McpServers.UpdateAsync(server.Id, new McpServerUpdate { Transport = McpTransportKind.Sse, Url = "http://127.0.0.1:9/sse" });

        Assert.Equal((McpTransportKind.Sse, "http://127.0.0.1:9/sse"), (http.Transport, http.Url));
    }

    [Fact]
    public async Task UpdateStatusAsync_StoresStatusErrorAndTools_AndNullToolsKeepTheCache()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var server = await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "s", Transport = McpTransportKind.Stdio, Command = "node" });
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"path":{"type":"string"}}}""").RootElement;

        await nexo.McpServers.UpdateStatusAsync(server.Id, McpServerStatus.Connected, null, [new McpToolInfo { Name = "read", Title = "Read", Description = "Reads", InputSchema = schema }]);
        await nexo.McpServers.UpdateStatusAsync(server.Id, McpServerStatus.Error, "connection refused");

        var stored = await nexo.McpServers.GetAsync(server.Id);
        Assert.Equal(McpServerStatus.Error, stored.Status);
        Assert.Equal("connection refused", stored.LastError);
        var tool = Assert.Single(stored.Tools);
        Assert.Equal(("read", "Read", "Reads"), (tool.Name, tool.Title, tool.Description));
        Assert.Equal("string", tool.InputSchema!.Value.GetProperty("properties").GetProperty("path").GetProperty("type").GetString());
        await NexoAssert.NotFoundAsync("MCP server", () => nexo.McpServers.UpdateStatusAsync("missing", McpServerStatus.Connected));
    }

    [Fact]
    public async Task Status_StoredConnectedByAProcessThatStopped_ReadsDisconnected_ByARunningOne_AsStored()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var server = await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "s", Transport = McpTransportKind.Stdio, Command = "node" });
        var tools = new[] { new McpToolInfo { Name = "read" } };
        await nexo.McpServers.UpdateStatusAsync(server.Id, McpServerStatus.Connected, null, tools);
        Assert.Equal(McpServerStatus.Connected, (await nexo.McpServers.GetAsync(server.Id)).Status);

        using var running = System.Diagnostics.Process.Start("sleep", "60");
        try
        {
            var runningOwner = $"{Environment.MachineName}:{running.Id}:{running.StartTime.ToUniversalTime().Ticks}";
            foreach (var (owner, expected) in new (string?, McpServerStatus)[]
            {
                (Nexo.Storage.RunOwner.Current, McpServerStatus.Connected),
                (runningOwner, McpServerStatus.Connected),
                ($"{Environment.MachineName}:{running.Id}:s{Nexo.Storage.RunOwner.LinuxStartTicks(running.Id)}", McpServerStatus.Connected),
                ($"{Environment.MachineName}:{running.Id}:s1", McpServerStatus.Disconnected),
                ($"{Environment.MachineName}:2147483002:7", McpServerStatus.Disconnected),
                ($"{Environment.MachineName}:{running.Id}:1", McpServerStatus.Disconnected), // the pid, reused by another process
                (null, McpServerStatus.Disconnected),
                ("another-machine:42:1", McpServerStatus.Connected), // cannot be checked: trusted
            })
            {
                await using (var raw = db.OpenRaw())
                {
                    raw.Execute("UPDATE mcp_servers SET status = 'connected', status_owner = @owner", new { owner });
                }

                Assert.Equal(expected, (await nexo.McpServers.GetAsync(server.Id)).Status);
                Assert.Equal(expected, (await nexo.McpServers.FindAsync("s")).Status);
                Assert.Equal(expected, Assert.Single(await nexo.McpServers.ListAsync()).Status);
                Assert.Equal("read", Assert.Single((await nexo.McpServers.GetAsync(server.Id)).Tools).Name);
            }
        }
        finally
        {
            running.Kill();
        }

        await nexo.McpServers.UpdateStatusAsync(server.Id, McpServerStatus.Error, "refused");
        await using (var raw = db.OpenRaw())
        {
            Assert.Null(raw.QuerySingle<string?>("SELECT status_owner FROM mcp_servers"));
        }

        Assert.Equal((McpServerStatus.Error, "refused"), ((await nexo.McpServers.GetAsync(server.Id)).Status, (await nexo.McpServers.GetAsync(server.Id)).LastError));
    }

    [Fact]
    public async Task ListAndDelete_ListOldestFirst_AndDeleteRemoves()
    {
        await using var db = new TempDatabase();
        var clock = new ManualTimeProvider();
        await using var nexo = await db.OpenAsync(clock);
        var a = await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "a", Transport = McpTransportKind.Stdio, Command = "x" });
        clock.Advance();
        var b = await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "b", Transport = McpTransportKind.Http, Url = "http://localhost:1/mcp" });

        Assert.Equal([a.Id, b.Id], (await nexo.McpServers.ListAsync()).Select(s => s.Id));
        await nexo.McpServers.DeleteAsync(a.Id);

        Assert.Equal([b.Id], (await nexo.McpServers.ListAsync()).Select(s => s.Id));
        await NexoAssert.NotFoundAsync("MCP server", () => nexo.McpServers.GetAsync(a.Id));
        await NexoAssert.NotFoundAsync("MCP server", () => nexo.McpServers.DeleteAsync(a.Id));
        await NexoAssert.NotFoundAsync("MCP server", () => nexo.McpServers.GetSecretsAsync(a.Id));
    }

    [Fact]
    public async Task InheritEnv_IsStoredDeduplicated_ReplacedByUpdate_AndAnInvalidNameIsAValidationError()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();

        var created = await nexo.McpServers.CreateAsync(new NewMcpServer { Name = "gh", Transport = McpTransportKind.Stdio, Command = "node", InheritEnv = ["GITHUB_TOKEN", "GITHUB_TOKEN", "HTTPS_PROXY"] });
        var unchanged = await nexo.McpServers.UpdateAsync(created.Id, new McpServerUpdate { TimeoutSeconds = 10 });
        var replaced = await nexo.McpServers.UpdateAsync(created.Id, new McpServerUpdate { InheritEnv = ["NPM_TOKEN"] });
        var cleared = await nexo.McpServers.UpdateAsync(created.Id, new McpServerUpdate { InheritEnv = [] });
        var bad = await Assert.ThrowsAsync<NexoException>(() => nexo.McpServers.CreateAsync(new NewMcpServer { Name = "bad", Transport = McpTransportKind.Stdio, Command = "node", InheritEnv = ["A=B"] }));

        Assert.Equal(["GITHUB_TOKEN", "HTTPS_PROXY"], created.InheritEnv);
        Assert.Equal(["GITHUB_TOKEN", "HTTPS_PROXY"], unchanged.InheritEnv);
        Assert.Equal(["NPM_TOKEN"], replaced.InheritEnv);
        Assert.Empty(cleared.InheritEnv);
        Assert.Equal((NexoErrorKind.Validation, "inheritEnv"), (bad.Kind, bad.Details?["field"] as string));
    }

    [Fact]
    public void ServerEnvironment_HasTheSafeSetInheritedNamesAndConfiguredEnv_AndNothingElseOfTheHost()
    {
        var host = new System.Collections.Hashtable
        {
            ["PATH"] = "/usr/bin",
            ["HOME"] = "/home/me",
            ["LC_ALL"] = "C.UTF-8",
            ["OPENAI_API_KEY"] = "sk-host",
            ["GITHUB_TOKEN"] = "ghp-host",
            ["HTTPS_PROXY"] = "http://user:pw@proxy",
        };

        var env = McpServerEnvironment.Build(new Dictionary<string, string> { ["API_KEY"] = "configured", ["HOME"] = "/srv" }, ["GITHUB_TOKEN", "NOT_SET"], host);

        Assert.Equal(
            new Dictionary<string, string?> { ["PATH"] = "/usr/bin", ["HOME"] = "/srv", ["LC_ALL"] = "C.UTF-8", ["GITHUB_TOKEN"] = "ghp-host", ["API_KEY"] = "configured" },
            env);
    }
}
