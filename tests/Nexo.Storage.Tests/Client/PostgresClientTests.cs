using System.Security.Cryptography;
using Nexo.Testing;

namespace Nexo.Storage.Tests.Client;

/// <summary>The public SDK on PostgreSQL: <c>NexoOptions.UsePostgres</c> opens a fresh database and every service works on it.</summary>
public sealed class PostgresClientTests : IAsyncLifetime
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private string _connectionString = null!;
    private string _dataFolder = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresCluster.Shared.CreateDatabaseAsync();
        _dataFolder = Directory.CreateTempSubdirectory("nexo-pg-client-").FullName;
    }

    public async Task DisposeAsync()
    {
        await PostgresCluster.Shared.DropDatabaseAsync(_connectionString);
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Fact]
    public async Task UsePostgres_on_a_fresh_database_creates_a_workspace_and_chat_answers_with_echo_lists_and_searches()
    {
        await using var nexo = await NexoClient.OpenAsync(Options(_key));

        Assert.False(nexo.IsSqlite);
        Assert.StartsWith("postgresql://127.0.0.1:", nexo.DatabasePath, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(_dataFolder), nexo.DataFolder);
        Assert.True(nexo.SchemaVersion >= 1);
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "offline", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost" });
        var workspace = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "pg" });
        await nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id, Title = "first" });

        var result = await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "hello postgres world" });

        Assert.Equal("hello postgres world", result.AssistantMessage.Content);
        Assert.Equal(MessageStatus.Complete, result.AssistantMessage.Status);
        var listed = Assert.Single((await nexo.Chats.ListAsync(workspace.Id)).Items);
        Assert.Equal(chat.Id, listed.Id);
        Assert.Equal([MessageRole.User, MessageRole.Assistant], (await nexo.Messages.ListAsync(chat.Id)).Select(m => m.Role));
        var hits = await nexo.Messages.SearchAsync(new MessageSearchQuery { Text = "postgres", WorkspaceId = workspace.Id });
        Assert.Equal(2, hits.Count);
        Assert.All(hits, h => Assert.Equal(chat.Id, h.ChatId));
    }

    [Fact]
    public async Task Forking_a_chat_on_postgres_copies_its_messages_in_one_step()
    {
        await using var nexo = await NexoClient.OpenAsync(Options(_key));
        var connection = await nexo.Connections.CreateAsync(new NewLlmConnection { Name = "offline", Provider = LlmProviderKind.Echo, BaseUrl = "http://localhost" });
        var workspace = await nexo.Workspaces.CreateAsync(new NewWorkspace { Name = "pg" });
        await nexo.Workspaces.UpdateSettingsAsync(workspace.Id, new WorkspaceSettingsPatch { LlmConnectionId = connection.Id });
        var chat = await nexo.Chats.CreateAsync(new NewChat { WorkspaceId = workspace.Id });
        var sent = await nexo.Chats.SendMessageAsync(new SendMessageRequest { ChatId = chat.Id, Content = "fork me" });

        var fork = await nexo.Chats.ForkAsync(chat.Id, sent.AssistantMessage.Id);

        Assert.NotEqual(chat.Id, fork.Id);
        Assert.Equal(["fork me", "fork me"], (await nexo.Messages.ListAsync(fork.Id)).Select(m => m.Content));
        await nexo.Chats.DeleteAsync(chat.Id);
        Assert.Equal(2, (await nexo.Messages.ListAsync(fork.Id)).Count);
    }

    [Fact]
    public async Task Secrets_written_by_one_client_are_read_by_another_with_the_same_key()
    {
        string id;
        await using (var first = await NexoClient.OpenAsync(Options(_key)))
        {
            id = (await first.Connections.CreateAsync(new NewLlmConnection { Name = "shared", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://api.example", ApiKey = "sk-shared-0123456789" })).Id;
        }

        await using var second = await NexoClient.OpenAsync(Options((byte[])_key.Clone()));

        Assert.Equal("sk-shared-0123456789", (await second.Connections.GetSecretsAsync(id)).ApiKey);
    }

    [Fact]
    public async Task A_client_with_another_key_is_refused_at_open_with_a_security_error()
    {
        await using (var first = await NexoClient.OpenAsync(Options(_key)))
        {
            await first.Connections.CreateAsync(new NewLlmConnection { Name = "shared", Provider = LlmProviderKind.OpenAI, BaseUrl = "https://api.example", ApiKey = "sk-shared-0123456789" });
        }

        var error = await Assert.ThrowsAsync<NexoException>(() => NexoClient.OpenAsync(Options(RandomNumberGenerator.GetBytes(32))));

        Assert.Equal(NexoErrorKind.Security, error.Kind);
        Assert.Contains("does not match the database postgresql://", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Postgres_without_a_key_is_refused_and_nothing_is_written()
    {
        var options = new NexoOptions { DataFolder = _dataFolder }.UsePostgres(_connectionString);
        if (Environment.GetEnvironmentVariable(NexoOptions.EncryptionKeyEnvironmentVariable) is not null)
        {
            return; // the key comes from the environment of this run
        }

        var error = await Assert.ThrowsAsync<NexoException>(() => NexoClient.OpenAsync(options));

        Assert.Equal(NexoErrorKind.Security, error.Kind);
        Assert.Contains(NexoOptions.EncryptionKeyEnvironmentVariable, error.Message, StringComparison.Ordinal);
        await using var raw = new Npgsql.NpgsqlConnection(_connectionString);
        await raw.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", raw);
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_key_of_the_wrong_length_is_a_security_error_as_on_sqlite()
    {
        var error = await Assert.ThrowsAsync<NexoException>(() => NexoClient.OpenAsync(Options(new byte[16])));

        Assert.Equal(NexoErrorKind.Security, error.Kind);
        Assert.Contains("32 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_and_rekey_are_refused_on_postgres_with_a_clear_validation_error()
    {
        await using var nexo = await NexoClient.OpenAsync(Options(_key));

        var backup = await Assert.ThrowsAsync<NexoException>(() => nexo.BackupAsync(Path.Combine(_dataFolder, "copy.db")));
        var rekey = await Assert.ThrowsAsync<NexoException>(() => NexoClient.RekeyAsync(Options(_key)));

        Assert.Equal((NexoErrorKind.Validation, NexoErrorKind.Validation), (backup.Kind, rekey.Kind));
        Assert.Contains("pg_dump", backup.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", rekey.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dataFolder, "copy.db")));
    }

    [Fact]
    public void An_unreadable_connection_string_is_a_validation_error()
    {
        var error = Assert.Throws<NexoException>(() => new NexoOptions().UsePostgres("Host=x;NoSuchKeyword=1"));

        Assert.Equal(NexoErrorKind.Validation, error.Kind);
    }

    private NexoOptions Options(byte[] key) => new NexoOptions { EncryptionKey = key, DataFolder = _dataFolder }.UsePostgres(_connectionString);
}
