-- Nexo schema version 2.
-- run_owner names the process writing an unfinished (pending/streaming) message, so that after a crash the
-- next process recognises the message as interrupted at once instead of waiting for it to look stale.
ALTER TABLE messages ADD COLUMN run_owner TEXT;
