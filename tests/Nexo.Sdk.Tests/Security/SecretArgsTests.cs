using Nexo.Security;

namespace Nexo.Sdk.Tests.Security;

/// <summary>Issue 12, item 3: the secret parts of an MCP server's arguments and URL are found, sealed and opened again.</summary>
public sealed class SecretArgsTests
{
    private static string Protect(string value) => "v1:" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value));

    private static string Unprotect(string stored) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(stored["v1:".Length..]));

    [Fact]
    public void Seal_SealsFlagValuesNamedValuesCredentialsKnownKeysAndUrlSecrets_AndOpenRestoresThem()
    {
        string[] args =
        [
            "-y", "@scope/server", "--api-key", "k-0123456789", "--token=t-0123456789", "API_KEY=a-0123456789",
            "--header", "Authorization: Bearer b-0123456789", "ghp_abcdefghijklmnopqrstuvwx", "https://u:p-0123@h.example/x?key=q-0123&page=2",
            "--password", "--verbose", "/tmp", "--port", "8080",
        ];

        var sealedArgs = SecretArgs.Seal(args, Protect);

        Assert.Equal(
            [
                "-y", "@scope/server", "--api-key", "***", "--token=***", "API_KEY=***",
                "--header", "Authorization: Bearer ***", "***", "https://***@h.example/x?key=***&page=2",
                "--password", "--verbose", "/tmp", "--port", "8080",
            ],
            sealedArgs.Select(SecretArgs.Display));
        Assert.Equal(args, sealedArgs.Select(a => SecretArgs.Open(a, Unprotect)));
        Assert.All(["k-0123456789", "t-0123456789", "a-0123456789", "b-0123456789", "ghp_abcdefghijklmnopqrstuvwx", "p-0123", "q-0123"], secret =>
            Assert.DoesNotContain(sealedArgs, a => a.Contains(secret, StringComparison.Ordinal)));
        Assert.Equal(["k-0123456789", "t-0123456789", "a-0123456789", "b-0123456789", "ghp_abcdefghijklmnopqrstuvwx", "u:p-0123", "q-0123"], SecretArgs.Secrets(args));
    }

    [Fact]
    public void Seal_OfAUrl_SealsOnlyItsUserinfoAndKeyLikeQueryValues()
    {
        const string url = "https://me:pw-0123@mcp.example/mcp?api_key=k-0123&page=2";

        var stored = SecretArgs.Seal(url, Protect)!;

        Assert.True(SecretArgs.IsSealed(stored));
        Assert.Equal("https://***@mcp.example/mcp?api_key=***&page=2", SecretArgs.Display(stored));
        Assert.Equal(url, SecretArgs.Open(stored, Unprotect));
        Assert.Equal("https://mcp.example/mcp?page=2", SecretArgs.Seal("https://mcp.example/mcp?page=2", Protect));
        Assert.False(SecretArgs.IsSealed("https://mcp.example/mcp?page=2"));
    }
}
