using Nexo.Testing;

namespace Nexo.Cli.Tests;

public sealed class ConnectionCommandTests : IDisposable
{
    private const string Secret = "sk-test-0123456789abcdefSECRET";
    private readonly NexoHome _home = new();

    public ConnectionCommandTests() => _home.Environment["MY_TEST_KEY"] = Secret;

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Add_StoresTheKeyEncrypted_NeverEchoesIt_AndTheFirstBecomesDefault()
    {
        var add = await _home.RunAsync("connection", "add", "work", "--provider", "openai", "--api-key-env", "MY_TEST_KEY", "--default-model", "gpt-x");
        var second = await _home.RunAsync("connection", "add", "local", "--provider", "ollama", "--base-url", "http://127.0.0.1:11434");
        var table = await _home.RunAsync("connection", "list");
        var json = await _home.RunAsync("connection", "list", "--json");

        Assert.Equal(0, add.ExitCode);
        Assert.Contains("it is the default connection", add.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("default connection", second.StdErr, StringComparison.Ordinal);
        foreach (var r in new[] { add, second, table, json })
        {
            Assert.DoesNotContain(Secret, r.StdOut + r.StdErr, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Secret, await File.ReadAllTextAsync(_home.DatabasePath), StringComparison.Ordinal);
        Assert.Contains(table.Lines, l => l.StartsWith("* ", StringComparison.Ordinal) && l.Contains("work", StringComparison.Ordinal) && l.Contains("https://api.openai.com/v1", StringComparison.Ordinal));
        var items = json.Json.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.True(items["work"].GetProperty("isDefault").GetBoolean());
        Assert.True(items["work"].GetProperty("hasApiKey").GetBoolean());
        Assert.Equal("gpt-x", items["work"].GetProperty("defaultModel").GetString());
        Assert.False(items["local"].GetProperty("isDefault").GetBoolean());
        Assert.Equal("ollama", items["local"].GetProperty("provider").GetString());

        await using var nexo = await _home.OpenAsync();
        Assert.Equal(Secret, (await nexo.Connections.GetSecretsAsync(items["work"].GetProperty("id").GetString()!)).ApiKey);
    }

    [Fact]
    public async Task Add_ReadsTheKeyFromStdin()
    {
        var add = await _home.RunWithInputAsync(Secret + "\n", "connection", "add", "piped", "--provider", "anthropic", "--api-key-stdin");

        Assert.Equal(0, add.ExitCode);
        await using var nexo = await _home.OpenAsync();
        var connection = await nexo.Connections.FindAsync("piped");
        Assert.Equal("https://api.anthropic.com", connection.BaseUrl);
        Assert.Equal(Secret, (await nexo.Connections.GetSecretsAsync(connection.Id)).ApiKey);
    }

    [Fact]
    public async Task Add_BadInput_FailsWithTheRightCodes()
    {
        var noProvider = await _home.RunAsync("connection", "add", "x");
        var badProvider = await _home.RunAsync("connection", "add", "x", "--provider", "skynet");
        var compatibleWithoutUrl = await _home.RunAsync("connection", "add", "x", "--provider", "openai-compatible");
        var missingVariable = await _home.RunAsync("connection", "add", "x", "--provider", "openai", "--api-key-env", "NOT_SET_ANYWHERE");
        var badUrl = await _home.RunAsync("connection", "add", "x", "--provider", "openai", "--base-url", "ftp://nope");
        await _home.RunAsync("connection", "add", "dup", "--provider", "ollama");
        var duplicate = await _home.RunAsync("connection", "add", "DUP", "--provider", "ollama");

        Assert.Equal(2, noProvider.ExitCode);
        Assert.Contains("--provider", noProvider.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, badProvider.ExitCode);
        Assert.Equal(2, compatibleWithoutUrl.ExitCode);
        Assert.Contains("--base-url is required", compatibleWithoutUrl.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, missingVariable.ExitCode);
        Assert.Contains("NOT_SET_ANYWHERE", missingVariable.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, badUrl.ExitCode);
        Assert.StartsWith("error[Validation]:", badUrl.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.StartsWith("error[Conflict]:", duplicate.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_WithoutAKeyAndWithoutATerminal_StoresNone_AndWarns()
    {
        var add = await _home.RunAsync("connection", "add", "keyless", "--provider", "openai");

        Assert.Equal(0, add.ExitCode);
        Assert.Contains("warning: no API key stored", add.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_ChangesFields_AndTheKey()
    {
        await _home.RunAsync("connection", "add", "c", "--provider", "openai", "--api-key-env", "MY_TEST_KEY");

        var update = await _home.RunAsync("connection", "update", "c", "--name", "renamed", "--default-model", "m2", "--base-url", "http://127.0.0.1:1234/v1", "--disable", "--json");
        var clear = await _home.RunAsync("connection", "update", "renamed", "--clear-api-key", "--enable", "--json");
        var conflicting = await _home.RunAsync("connection", "update", "renamed", "--enable", "--disable");
        var twoKeys = await _home.RunAsync("connection", "update", "renamed", "--clear-api-key", "--api-key-env", "MY_TEST_KEY");
        var promptWithoutTerminal = await _home.RunAsync("connection", "update", "renamed", "--prompt-api-key");
        var missing = await _home.RunAsync("connection", "update", "ghost", "--default-model", "x");

        Assert.Equal(0, update.ExitCode);
        Assert.Equal("renamed", update.Json.GetProperty("name").GetString());
        Assert.Equal("m2", update.Json.GetProperty("defaultModel").GetString());
        Assert.Equal("http://127.0.0.1:1234/v1", update.Json.GetProperty("baseUrl").GetString());
        Assert.False(update.Json.GetProperty("enabled").GetBoolean());
        Assert.False(clear.Json.GetProperty("hasApiKey").GetBoolean());
        Assert.True(clear.Json.GetProperty("enabled").GetBoolean());
        Assert.Equal(2, conflicting.ExitCode);
        Assert.Equal(2, twoKeys.ExitCode);
        Assert.Equal(2, promptWithoutTerminal.ExitCode);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("error[NotFound]:", missing.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NativeDocuments_IsSetByAddAndUpdate_ShownInListJson_AndTakesOnlyTrueOrFalse()
    {
        var add = await _home.RunAsync("connection", "add", "claude", "--provider", "anthropic", "--no-api-key", "--native-documents", "true", "--json");
        var plain = await _home.RunAsync("connection", "add", "plain", "--provider", "anthropic", "--no-api-key", "--json");
        var renamed = await _home.RunAsync("connection", "update", "claude", "--name", "claude2", "--json");
        var off = await _home.RunAsync("connection", "update", "claude2", "--native-documents", "false", "--json");
        await _home.RunAsync("connection", "update", "plain", "--native-documents", "true");
        var list = await _home.RunAsync("connection", "list", "--json");
        var bad = await _home.RunAsync("connection", "update", "plain", "--native-documents", "maybe");

        Assert.Equal(0, add.ExitCode);
        Assert.True(add.Json.GetProperty("nativeDocuments").GetBoolean());
        Assert.False(plain.Json.GetProperty("nativeDocuments").GetBoolean());
        Assert.True(renamed.Json.GetProperty("nativeDocuments").GetBoolean());
        Assert.False(off.Json.GetProperty("nativeDocuments").GetBoolean());
        var items = list.Json.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("nativeDocuments").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["claude2"] = false, ["plain"] = true }, items);
        Assert.Equal(2, bad.ExitCode);
    }

    [Fact]
    public async Task ChatWithAPdf_OnAnAnthropicConnectionAddedWithNativeDocuments_SendsThePdfAsADocumentBlock()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        server.DefaultResponse = FakeResponse.Text("Friday");
        var pdf = TestPdf.WriteTemp("plan.pdf", "Ship on Friday");
        await _home.RunAsync("connection", "add", "claude", "--provider", "anthropic", "--base-url", server.BaseUrl, "--api-key-env", "MY_TEST_KEY", "--default-model", "claude-sonnet-4-5", "--native-documents", "true");

        var r = await _home.RunAsync("chat", "When?", "--file", pdf);

        Assert.Equal(0, r.ExitCode);
        var document = server.ChatRequests
            .SelectMany(q => q.Json!["messages"]!.AsArray())
            .SelectMany(m => m!["content"] is System.Text.Json.Nodes.JsonArray blocks ? blocks : [])
            .Single(b => (string?)b!["type"] == "document")!;
        Assert.Equal("application/pdf", (string?)document["source"]!["media_type"]);
        Assert.Equal(await File.ReadAllBytesAsync(pdf), Convert.FromBase64String((string)document["source"]!["data"]!));
        Assert.DoesNotContain(server.ChatRequests, q => q.Body.Contains("Ship on Friday", StringComparison.Ordinal));
        Directory.Delete(Path.GetDirectoryName(pdf)!, true);
    }

    [Fact]
    public async Task Use_ChangesTheDefault_AndRemovingItPassesTheRoleOn()
    {
        await _home.RunAsync("connection", "add", "first", "--provider", "ollama");
        await _home.RunAsync("connection", "add", "second", "--provider", "ollama", "--base-url", "http://127.0.0.1:11435");

        var use = await _home.RunAsync("connection", "use", "second");
        var afterUse = await _home.RunAsync("connection", "list", "--json");
        var remove = await _home.RunAsync("connection", "remove", "second");
        var afterRemove = await _home.RunAsync("connection", "list", "--json");
        var removeMissing = await _home.RunAsync("connection", "remove", "second");

        Assert.Equal(0, use.ExitCode);
        Assert.Equal("second", afterUse.Json.EnumerateArray().Single(c => c.GetProperty("isDefault").GetBoolean()).GetProperty("name").GetString());
        Assert.Equal(0, remove.ExitCode);
        Assert.Contains("The default connection is 'first'.", remove.StdErr, StringComparison.Ordinal);
        Assert.True(Assert.Single(afterRemove.Json.EnumerateArray()).GetProperty("isDefault").GetBoolean());
        Assert.Equal(1, removeMissing.ExitCode);
    }
}
