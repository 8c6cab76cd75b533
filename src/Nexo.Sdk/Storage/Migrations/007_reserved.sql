-- Nexo schema version 7 is written by another branch of issue 13 (merged separately). This placeholder keeps the
-- numbering without gaps on the cost-ledger branch, whose migration is 008_cost_ledger.sql; delete this file when the
-- real 007 is merged (two files numbered 007 make every start fail loudly).
SELECT 1;
