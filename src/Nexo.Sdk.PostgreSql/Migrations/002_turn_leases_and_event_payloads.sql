-- Leases for turn claims: the instance holding a chat's turn (turn_owner) renews turn_lease_expires_at (Unix ms on the
-- database's clock) while the turn runs; a claim whose lease has expired is taken over by the next claimer, which marks
-- the holder's unfinished answer interrupted.
ALTER TABLE chats ADD COLUMN turn_lease_expires_at bigint;

-- Relayed events too large for one NOTIFY payload (PostgreSQL's limit is 8000 bytes) go by reference: the notification
-- carries the row's id and the receivers read the payload here. Rows older than a few minutes are deleted by senders.
CREATE TABLE nexo_event_payloads (
    id          bigserial PRIMARY KEY,
    payload     text NOT NULL,
    created_at  bigint NOT NULL
);
