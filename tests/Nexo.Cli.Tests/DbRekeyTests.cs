namespace Nexo.Cli.Tests;

/// <summary>Issue 12, item 4 through the CLI: a lost key file is refused clearly, and 'nexo db rekey' starts over.</summary>
public sealed class DbRekeyTests : IDisposable
{
    private const string Secret = "sk-cli-keyloss-0123456789";
    private readonly NexoHome _home = new();

    public DbRekeyTests() => _home.Environment["MY_TEST_KEY"] = Secret;

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task AnyCommand_WhenTheKeyFileIsDeleted_ExitsWithASecurityErrorNamingTheFileAndTheRecovery_AndMakesNoNewKey()
    {
        Assert.Equal(0, (await _home.RunAsync("connection", "add", "work", "--provider", "openai", "--api-key-env", "MY_TEST_KEY")).ExitCode);
        var keyFile = Path.Combine(_home.Folder, "nexo.key");
        File.Delete(keyFile);

        var list = await _home.RunAsync("workspace", "list");

        Assert.Equal(1, list.ExitCode);
        Assert.StartsWith("error[Security]:", list.StdErr, StringComparison.Ordinal);
        Assert.Contains(keyFile, list.StdErr, StringComparison.Ordinal);
        Assert.Contains("nexo db rekey --forget-secrets", list.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(keyFile));
    }

    [Fact]
    public async Task DbRekey_WithoutForgetSecrets_IsAUsageError_AndChangesNothing()
    {
        Assert.Equal(0, (await _home.RunAsync("connection", "add", "work", "--provider", "openai", "--api-key-env", "MY_TEST_KEY")).ExitCode);
        var key = await File.ReadAllTextAsync(Path.Combine(_home.Folder, "nexo.key"));

        var rekey = await _home.RunAsync("db", "rekey");

        Assert.Equal(2, rekey.ExitCode);
        Assert.Contains("--forget-secrets", rekey.StdErr, StringComparison.Ordinal);
        Assert.Equal(key, await File.ReadAllTextAsync(Path.Combine(_home.Folder, "nexo.key")));
        await using var nexo = await _home.OpenAsync();
        Assert.Equal(Secret, (await nexo.Connections.GetSecretsAsync((await nexo.Connections.ListAsync())[0].Id)).ApiKey);
    }

    [Fact]
    public async Task DbRekey_AfterTheKeyFileIsLost_KeepsWorkspacesAndConnections_WithoutTheirSecrets()
    {
        Assert.Equal(0, (await _home.RunAsync("workspace", "create", "kept")).ExitCode);
        Assert.Equal(0, (await _home.RunAsync("connection", "add", "work", "--provider", "openai", "--api-key-env", "MY_TEST_KEY")).ExitCode);
        File.Delete(Path.Combine(_home.Folder, "nexo.key"));

        var rekey = await _home.RunAsync("db", "rekey", "--forget-secrets", "--json");
        var workspaces = await _home.RunAsync("workspace", "list", "--json");
        var connections = await _home.RunAsync("connection", "list", "--json");

        Assert.Equal(0, rekey.ExitCode);
        Assert.Equal(1, rekey.Json.GetProperty("clearedConnections").GetInt32());
        Assert.Equal(Path.Combine(_home.Folder, "nexo.key"), rekey.Json.GetProperty("keyFile").GetString());
        Assert.Equal(0, workspaces.ExitCode);
        Assert.Contains(workspaces.Json.EnumerateArray(), w => w.GetProperty("name").GetString() == "kept");
        var connection = Assert.Single(connections.Json.EnumerateArray());
        Assert.Equal("work", connection.GetProperty("name").GetString());
        Assert.False(connection.GetProperty("hasApiKey").GetBoolean());
    }
}
