-- Nexo schema version 4: the host's own tools (NexoOptions.Tools) are offered in every workspace unless its settings
-- disable them by name (a JSON array of tool names).
ALTER TABLE workspace_settings ADD COLUMN disabled_tools TEXT NOT NULL DEFAULT '[]';
