-- Nexo schema version 10: OAuth 2.1 for HTTP MCP servers.
-- The OAuth settings of a server ({"clientId": …, "scopes": […]}, a JSON object); NULL = the server does not use OAuth.
ALTER TABLE mcp_servers ADD COLUMN oauth TEXT;
-- A static OAuth client secret (for servers without dynamic client registration), encrypted like API keys.
ALTER TABLE mcp_servers ADD COLUMN oauth_client_secret_enc TEXT;

-- The OAuth tokens of a server: access token, refresh token, their lifetime and the dynamically registered client,
-- all in one encrypted JSON value. Only the expiry is in plain text (for listings). Deleted with the server.
CREATE TABLE mcp_oauth_tokens (
    server_id   TEXT PRIMARY KEY REFERENCES mcp_servers(id) ON DELETE CASCADE,
    tokens_enc  TEXT NOT NULL,
    expires_at  INTEGER,
    updated_at  INTEGER NOT NULL
);
