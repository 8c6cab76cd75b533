-- Nexo schema version 3: which process holds what, so that several processes (an editor's host, the CLI, an ACP
-- agent) can share one database.
-- status_owner names the process that stored a 'connecting' or 'connected' MCP server status. A status whose owner
-- has stopped (killed outright, so it never wrote 'disconnected') reads as 'disconnected' instead of staying stale.
-- Statuses stored before this version have no owner and no process can still hold them: they start disconnected.
ALTER TABLE mcp_servers ADD COLUMN status_owner TEXT;
UPDATE mcp_servers SET status = 'disconnected' WHERE status IN ('connecting', 'connected');

-- turn_owner names the chat engine running a turn in the chat (process and engine instance) and turn_claimed_at when
-- it started: one turn per chat across processes. A claim whose process has stopped is taken over.
-- cancel_requested_at is set by another process's cancel_message; the running turn watches for it and stops.
ALTER TABLE chats ADD COLUMN turn_owner TEXT;
ALTER TABLE chats ADD COLUMN turn_claimed_at INTEGER;
ALTER TABLE chats ADD COLUMN cancel_requested_at INTEGER;
