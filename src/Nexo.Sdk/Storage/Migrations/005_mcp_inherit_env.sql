-- Nexo schema version 5: stdio MCP servers start from a minimal safe environment; inherit_env names the host variables a
-- server may also receive (a JSON array of variable names).
ALTER TABLE mcp_servers ADD COLUMN inherit_env TEXT NOT NULL DEFAULT '[]';
