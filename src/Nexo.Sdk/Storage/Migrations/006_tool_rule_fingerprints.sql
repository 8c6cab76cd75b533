-- Nexo schema version 6: what each remembered tool permission rule was made for, beside tool_permissions: a JSON map
-- rule key -> {"serverId": the MCP server a bare-name rule belongs to, "fingerprint": the server's command, arguments,
-- URL and variable names and the tool's name and input schema, hashed}. A rule without an entry keeps working as before,
-- except that a bare-name always_allow rule no longer allows an MCP tool.
ALTER TABLE workspace_settings ADD COLUMN tool_rule_fingerprints TEXT NOT NULL DEFAULT '{}';
