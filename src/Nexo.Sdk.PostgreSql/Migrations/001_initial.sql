-- Nexo PostgreSQL schema version 1: the same tables, columns, constraints, indexes and cascades as the SQLite schema
-- version 10 (src/Nexo.Sdk/Storage/Migrations/001..010), in one step.
-- Times are Unix epoch milliseconds (UTC, bigint). JSON columns hold compact JSON text, as in SQLite: the code reads and
-- writes them whole. Integer flags stay 0/1 (bigint), as SQLite stores them. Names that SQLite compares COLLATE NOCASE
-- are unique by lower(name) and looked up the same way.

CREATE TABLE workspaces (
    id          text    NOT NULL PRIMARY KEY,
    name        text    NOT NULL,
    root_path   text,
    created_at  bigint  NOT NULL,
    updated_at  bigint  NOT NULL
);
CREATE UNIQUE INDEX ux_workspaces_name ON workspaces (lower(name));
CREATE INDEX ix_workspaces_root_path ON workspaces (root_path);

CREATE TABLE llm_connections (
    id               text    NOT NULL PRIMARY KEY,
    name             text    NOT NULL,
    provider         text    NOT NULL,
    base_url         text    NOT NULL,
    api_key_enc      text,
    api_key_preview  text,
    headers_enc      text,
    headers_masked   text    NOT NULL DEFAULT '{}',
    models           text    NOT NULL DEFAULT '[]',
    default_model    text,
    enabled          bigint  NOT NULL DEFAULT 1,
    native_documents bigint  NOT NULL DEFAULT 0 CHECK (native_documents IN (0, 1)),
    created_at       bigint  NOT NULL,
    updated_at       bigint  NOT NULL
);
CREATE UNIQUE INDEX ux_llm_connections_name ON llm_connections (lower(name));

CREATE TABLE workspace_settings (
    workspace_id            text    NOT NULL PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    system_message          text,
    llm_connection_id       text    REFERENCES llm_connections (id) ON DELETE SET NULL,
    default_model           text,
    temperature             double precision,
    max_tokens              bigint,
    stream_enabled          bigint  NOT NULL DEFAULT 1,
    max_agent_iterations    bigint  NOT NULL DEFAULT 10,
    tool_permission_mode    text    NOT NULL DEFAULT 'ask',
    tool_permissions        text    NOT NULL DEFAULT '{}',
    mcp_tool_ids            text    NOT NULL DEFAULT '{}',
    disabled_tools          text    NOT NULL DEFAULT '[]',
    tool_rule_fingerprints  text    NOT NULL DEFAULT '{}',
    monthly_budget_usd      text,
    context_strategy        text    NOT NULL DEFAULT 'summarize' CHECK (context_strategy IN ('summarize', 'truncate')),
    builtin_tools           text    NOT NULL DEFAULT '[]',
    created_at              bigint  NOT NULL,
    updated_at              bigint  NOT NULL
);
CREATE INDEX ix_workspace_settings_connection ON workspace_settings (llm_connection_id);

-- turn_owner names the chat engine running a turn in the chat and turn_claimed_at when it took the chat;
-- cancel_requested_at is set by another instance's cancel_message.
CREATE TABLE chats (
    id                   text    NOT NULL PRIMARY KEY,
    workspace_id         text    NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    title                text    NOT NULL,
    pinned               bigint  NOT NULL DEFAULT 0,
    archived             bigint  NOT NULL DEFAULT 0,
    last_message         text,
    active_message_id    text,
    last_seq             bigint  NOT NULL DEFAULT 0,
    created_at           bigint  NOT NULL,
    updated_at           bigint  NOT NULL,
    turn_owner           text,
    turn_claimed_at      bigint,
    cancel_requested_at  bigint,
    plan                 text
);
CREATE INDEX ix_chats_workspace_order ON chats (workspace_id, pinned DESC, updated_at DESC, id DESC);

-- search is the full-text document of content ('simple': lower-cased words, no stemming and no stop words, like
-- SQLite's unicode61 tokenizer), kept by PostgreSQL itself and indexed with GIN.
CREATE TABLE messages (
    pk                bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                text    NOT NULL UNIQUE,
    chat_id           text    NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    parent_id         text    REFERENCES messages (id) ON DELETE SET NULL,
    seq               bigint  NOT NULL,
    role              text    NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    content           text    NOT NULL DEFAULT '',
    reasoning         text,
    tool_calls        text,
    tool_call_id      text,
    status            text    NOT NULL CHECK (status IN ('pending', 'streaming', 'complete', 'error', 'cancelled')),
    error             text,
    finish_reason     text,
    model             text,
    connection_id     text,
    input_tokens      bigint,
    output_tokens     bigint,
    reasoning_tokens  bigint,
    total_tokens      bigint,
    metadata          text,
    created_at        bigint  NOT NULL,
    updated_at        bigint  NOT NULL,
    run_owner         text,
    search            tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED
);
CREATE UNIQUE INDEX ux_messages_chat_seq ON messages (chat_id, seq);
CREATE INDEX ix_messages_parent ON messages (parent_id);
CREATE INDEX ix_messages_unfinished ON messages (status) WHERE status IN ('pending', 'streaming');
CREATE INDEX ix_messages_search ON messages USING gin (search);

CREATE TABLE mcp_servers (
    id                       text    NOT NULL PRIMARY KEY,
    name                     text    NOT NULL,
    transport                text    NOT NULL CHECK (transport IN ('stdio', 'http', 'sse')),
    command                  text,
    args                     text    NOT NULL DEFAULT '[]',
    env_enc                  text,
    env_masked               text    NOT NULL DEFAULT '{}',
    working_directory        text,
    url                      text,
    headers_enc              text,
    headers_masked           text    NOT NULL DEFAULT '{}',
    enabled                  bigint  NOT NULL DEFAULT 1,
    timeout_seconds          bigint  NOT NULL DEFAULT 60,
    status                   text    NOT NULL DEFAULT 'disconnected',
    last_error               text,
    tools                    text    NOT NULL DEFAULT '[]',
    created_at               bigint  NOT NULL,
    updated_at               bigint  NOT NULL,
    status_owner             text,
    inherit_env              text    NOT NULL DEFAULT '[]',
    oauth                    text,
    oauth_client_secret_enc  text
);
CREATE UNIQUE INDEX ux_mcp_servers_name ON mcp_servers (lower(name));

CREATE TABLE mcp_oauth_tokens (
    server_id   text    PRIMARY KEY REFERENCES mcp_servers (id) ON DELETE CASCADE,
    tokens_enc  text    NOT NULL,
    expires_at  bigint,
    updated_at  bigint  NOT NULL
);

CREATE TABLE prompts (
    id           text    NOT NULL PRIMARY KEY,
    name         text    NOT NULL,
    content      text    NOT NULL,
    description  text,
    created_at   bigint  NOT NULL,
    updated_at   bigint  NOT NULL
);
CREATE UNIQUE INDEX ux_prompts_name ON prompts (lower(name));

CREATE TABLE app_settings (
    key         text    NOT NULL PRIMARY KEY,
    value       text    NOT NULL,
    updated_at  bigint  NOT NULL
);

-- Usage outlives the chats it counts, so it has no foreign keys.
CREATE TABLE usage_records (
    id                   text    NOT NULL PRIMARY KEY,
    workspace_id         text,
    chat_id              text,
    message_id           text,
    connection_id        text,
    provider             text    NOT NULL,
    model                text    NOT NULL,
    input_tokens         bigint  NOT NULL DEFAULT 0,
    output_tokens        bigint  NOT NULL DEFAULT 0,
    reasoning_tokens     bigint  NOT NULL DEFAULT 0,
    total_tokens         bigint  NOT NULL DEFAULT 0,
    latency_ms           bigint  NOT NULL DEFAULT 0,
    is_stream            bigint  NOT NULL DEFAULT 0,
    status               text    NOT NULL DEFAULT 'success',
    request_type         text    NOT NULL DEFAULT 'chat',
    created_at           bigint  NOT NULL,
    cached_input_tokens  bigint  NOT NULL DEFAULT 0,
    cost_picousd         bigint
);
CREATE INDEX ix_usage_records_created ON usage_records (created_at);
CREATE INDEX ix_usage_records_workspace ON usage_records (workspace_id, created_at);
CREATE INDEX ix_usage_records_chat ON usage_records (chat_id, created_at);

CREATE TABLE model_prices (
    connection_id             text    REFERENCES llm_connections (id) ON DELETE CASCADE,
    model                     text    NOT NULL,
    input_per_million         text    NOT NULL,
    output_per_million        text    NOT NULL,
    cached_input_per_million  text,
    reasoning_per_million     text,
    created_at                bigint  NOT NULL,
    updated_at                bigint  NOT NULL
);
CREATE UNIQUE INDEX ux_model_prices_scope ON model_prices (coalesce(connection_id, ''), model);
CREATE INDEX ix_model_prices_connection ON model_prices (connection_id);
