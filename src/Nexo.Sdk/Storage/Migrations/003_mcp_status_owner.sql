-- Nexo schema version 3.
-- status_owner names the process that stored a 'connecting' or 'connected' MCP server status. A status whose owner
-- has stopped (killed outright, so it never wrote 'disconnected') reads as 'disconnected' instead of staying stale.
-- Statuses stored before this version have no owner and no process can still hold them: they start disconnected.
ALTER TABLE mcp_servers ADD COLUMN status_owner TEXT;
UPDATE mcp_servers SET status = 'disconnected' WHERE status IN ('connecting', 'connected');
