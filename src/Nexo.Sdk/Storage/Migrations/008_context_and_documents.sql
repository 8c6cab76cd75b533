-- Nexo schema version 8: conversations that last.
-- How a workspace fits a long history into the model's context window: 'summarize' (the oldest turns are compacted into
-- a stored summary message made by the model) or 'truncate' (the oldest turns are left out of the request).
ALTER TABLE workspace_settings ADD COLUMN context_strategy TEXT NOT NULL DEFAULT 'summarize'
    CHECK (context_strategy IN ('summarize', 'truncate'));

-- Whether a connection sends PDF attachments to the provider as documents (Anthropic) instead of their extracted text.
ALTER TABLE llm_connections ADD COLUMN native_documents INTEGER NOT NULL DEFAULT 0 CHECK (native_documents IN (0, 1));
