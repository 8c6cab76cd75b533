-- Nexo schema version 7: the cost ledger.
-- Prices per model in USD per million tokens, stored as exact decimal text (at most 6 decimal places). A price with a
-- connection applies to that connection only and wins over the model's price without one. Nothing is seeded.
CREATE TABLE model_prices (
    connection_id             TEXT    REFERENCES llm_connections (id) ON DELETE CASCADE,
    model                     TEXT    NOT NULL,
    input_per_million         TEXT    NOT NULL,
    output_per_million        TEXT    NOT NULL,
    cached_input_per_million  TEXT,
    reasoning_per_million     TEXT,
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX ux_model_prices_scope ON model_prices (ifnull(connection_id, ''), model);
CREATE INDEX ix_model_prices_connection ON model_prices (connection_id);

-- Each usage record keeps its cost as computed when the call finished, in pico-dollars (1e-12 USD, exact for prices
-- with up to 6 decimal places); NULL = no price was known (cost unknown, never 0). Cached input tokens are part of
-- input_tokens.
ALTER TABLE usage_records ADD COLUMN cached_input_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE usage_records ADD COLUMN cost_picousd INTEGER;
CREATE INDEX ix_usage_records_chat ON usage_records (chat_id, created_at);

-- A workspace's monthly budget in USD (exact decimal text); NULL = no budget.
ALTER TABLE workspace_settings ADD COLUMN monthly_budget_usd TEXT;
