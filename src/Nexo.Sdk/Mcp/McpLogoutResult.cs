namespace Nexo;

/// <summary>What <see cref="McpHost.LogoutAsync"/> did.</summary>
public sealed record McpLogoutResult
{
    /// <summary>Whether tokens were stored for the server (they are deleted now).</summary>
    public required bool WasAuthorized { get; init; }

    /// <summary>Whether the authorization server accepted the revocation of the tokens (its metadata names a <c>revocation_endpoint</c>).</summary>
    public required bool Revoked { get; init; }
}
