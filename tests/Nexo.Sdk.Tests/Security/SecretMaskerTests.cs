using Nexo.Security;

namespace Nexo.Sdk.Tests.Security;

/// <summary>Issue 12, item 3: a preview never shows more than the last 4 characters of a secret.</summary>
public sealed class SecretMaskerTests
{
    [Theory]
    [InlineData("sk-proj-0123456789abcd", "…abcd")]
    [InlineData("0123456789ab", "…89ab")]
    [InlineData("0123456789a", "****")]
    [InlineData("abcdef", "****")]
    [InlineData("abc", "****")]
    [InlineData("", "****")]
    public void Mask_ShowsAtMostTheLastFourCharacters(string secret, string expected)
    {
        Assert.Equal(expected, SecretMasker.Mask(secret));
    }

    [Theory]
    [InlineData("sk-…abcd", "…abcd")]
    [InlineData("ghp…1234", "…1234")]
    [InlineData("…ab", "****")]
    [InlineData("****", "****")]
    [InlineData("…abcd", "…abcd")]
    public void Normalize_ShowsAPreviewStoredByAnOlderNexo_InTodaysFormat(string stored, string expected)
    {
        Assert.Equal(expected, SecretMasker.Normalize(stored));
    }

    [Fact]
    public async Task APreviewStoredInTheOldFormat_IsListedWithoutItsPrefix()
    {
        await using var db = new TempDatabase();
        await using var nexo = await db.OpenAsync();
        var created = await nexo.Connections.CreateAsync(new NewLlmConnection
        {
            Name = "old",
            Provider = LlmProviderKind.OpenAI,
            BaseUrl = "https://a.example",
            ApiKey = "sk-0123456789abcdef",
            Headers = new Dictionary<string, string> { ["X-Org"] = "org-0123456789" },
        });
        Assert.Equal("…cdef", created.ApiKeyPreview);
        Assert.Equal("…6789", created.Headers["X-Org"]);

        await using (var raw = db.OpenRaw())
        {
            using var update = raw.CreateCommand();
            update.CommandText = "UPDATE llm_connections SET api_key_preview = 'sk-…cdef', headers_masked = '{\"X-Org\":\"org…6789\",\"X-Short\":\"…ab\"}'";
            update.ExecuteNonQuery();
        }

        var listed = Assert.Single(await nexo.Connections.ListAsync());
        Assert.Equal("…cdef", listed.ApiKeyPreview);
        Assert.Equal("…6789", listed.Headers["X-Org"]);
        Assert.Equal("****", listed.Headers["X-Short"]);
    }
}
