-- Nexo schema version 1.
-- Times are Unix epoch milliseconds (UTC). JSON columns hold compact JSON text.

CREATE TABLE workspaces (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    root_path   TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX ux_workspaces_name ON workspaces (name COLLATE NOCASE);
CREATE INDEX ix_workspaces_root_path ON workspaces (root_path);

CREATE TABLE llm_connections (
    id              TEXT    NOT NULL PRIMARY KEY,
    name            TEXT    NOT NULL,
    provider        TEXT    NOT NULL,
    base_url        TEXT    NOT NULL,
    api_key_enc     TEXT,
    api_key_preview TEXT,
    headers_enc     TEXT,
    headers_masked  TEXT    NOT NULL DEFAULT '{}',
    models          TEXT    NOT NULL DEFAULT '[]',
    default_model   TEXT,
    enabled         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX ux_llm_connections_name ON llm_connections (name COLLATE NOCASE);

CREATE TABLE workspace_settings (
    workspace_id          TEXT    NOT NULL PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    system_message        TEXT,
    llm_connection_id     TEXT    REFERENCES llm_connections (id) ON DELETE SET NULL,
    default_model         TEXT,
    temperature           REAL,
    max_tokens            INTEGER,
    stream_enabled        INTEGER NOT NULL DEFAULT 1,
    max_agent_iterations  INTEGER NOT NULL DEFAULT 10,
    tool_permission_mode  TEXT    NOT NULL DEFAULT 'ask',
    tool_permissions      TEXT    NOT NULL DEFAULT '{}',
    mcp_tool_ids          TEXT    NOT NULL DEFAULT '{}',
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_workspace_settings_connection ON workspace_settings (llm_connection_id);

CREATE TABLE chats (
    id                 TEXT    NOT NULL PRIMARY KEY,
    workspace_id       TEXT    NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    title              TEXT    NOT NULL,
    pinned             INTEGER NOT NULL DEFAULT 0,
    archived           INTEGER NOT NULL DEFAULT 0,
    last_message       TEXT,
    active_message_id  TEXT,
    last_seq           INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_chats_workspace_order ON chats (workspace_id, pinned DESC, updated_at DESC, id DESC);

CREATE TABLE messages (
    pk                INTEGER NOT NULL PRIMARY KEY,
    id                TEXT    NOT NULL UNIQUE,
    chat_id           TEXT    NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    parent_id         TEXT    REFERENCES messages (id) ON DELETE SET NULL,
    seq               INTEGER NOT NULL,
    role              TEXT    NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    content           TEXT    NOT NULL DEFAULT '',
    reasoning         TEXT,
    tool_calls        TEXT,
    tool_call_id      TEXT,
    status            TEXT    NOT NULL CHECK (status IN ('pending', 'streaming', 'complete', 'error', 'cancelled')),
    error             TEXT,
    finish_reason     TEXT,
    model             TEXT,
    connection_id     TEXT,
    input_tokens      INTEGER,
    output_tokens     INTEGER,
    reasoning_tokens  INTEGER,
    total_tokens      INTEGER,
    metadata          TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX ux_messages_chat_seq ON messages (chat_id, seq);
CREATE INDEX ix_messages_parent ON messages (parent_id);
CREATE INDEX ix_messages_unfinished ON messages (status) WHERE status IN ('pending', 'streaming');

-- Full-text index over message content, kept in sync by triggers (also on cascaded deletes).
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    content,
    content = 'messages',
    content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, content) VALUES (new.pk, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.pk, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.pk, old.content);
    INSERT INTO messages_fts (rowid, content) VALUES (new.pk, new.content);
END;

CREATE TABLE mcp_servers (
    id                 TEXT    NOT NULL PRIMARY KEY,
    name               TEXT    NOT NULL,
    transport          TEXT    NOT NULL CHECK (transport IN ('stdio', 'http', 'sse')),
    command            TEXT,
    args               TEXT    NOT NULL DEFAULT '[]',
    env_enc            TEXT,
    env_masked         TEXT    NOT NULL DEFAULT '{}',
    working_directory  TEXT,
    url                TEXT,
    headers_enc        TEXT,
    headers_masked     TEXT    NOT NULL DEFAULT '{}',
    enabled            INTEGER NOT NULL DEFAULT 1,
    timeout_seconds    INTEGER NOT NULL DEFAULT 60,
    status             TEXT    NOT NULL DEFAULT 'disconnected',
    last_error         TEXT,
    tools              TEXT    NOT NULL DEFAULT '[]',
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX ux_mcp_servers_name ON mcp_servers (name COLLATE NOCASE);

CREATE TABLE prompts (
    id           TEXT    NOT NULL PRIMARY KEY,
    name         TEXT    NOT NULL,
    content      TEXT    NOT NULL,
    description  TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX ux_prompts_name ON prompts (name COLLATE NOCASE);

CREATE TABLE app_settings (
    key         TEXT    NOT NULL PRIMARY KEY,
    value       TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

-- Usage outlives the chats it counts, so it has no foreign keys.
CREATE TABLE usage_records (
    id                TEXT    NOT NULL PRIMARY KEY,
    workspace_id      TEXT,
    chat_id           TEXT,
    message_id        TEXT,
    connection_id     TEXT,
    provider          TEXT    NOT NULL,
    model             TEXT    NOT NULL,
    input_tokens      INTEGER NOT NULL DEFAULT 0,
    output_tokens     INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens  INTEGER NOT NULL DEFAULT 0,
    total_tokens      INTEGER NOT NULL DEFAULT 0,
    latency_ms        INTEGER NOT NULL DEFAULT 0,
    is_stream         INTEGER NOT NULL DEFAULT 0,
    status            TEXT    NOT NULL DEFAULT 'success',
    request_type      TEXT    NOT NULL DEFAULT 'chat',
    created_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_usage_records_created ON usage_records (created_at);
CREATE INDEX ix_usage_records_workspace ON usage_records (workspace_id, created_at);
