-- Nexo schema version 9: built-in workspace tools and plans.
-- The built-in tools a workspace offers, by name (a JSON array; none by default).
ALTER TABLE workspace_settings ADD COLUMN builtin_tools TEXT NOT NULL DEFAULT '[]';

-- The plan the model keeps for a chat with update_plan (a JSON array of {content, priority, status}); NULL = none yet.
ALTER TABLE chats ADD COLUMN plan TEXT;
