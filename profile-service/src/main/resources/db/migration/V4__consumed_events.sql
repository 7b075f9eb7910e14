-- Ids of events this service has applied, written in the same transaction as their effect: a redelivered event
-- (Kafka delivers at least once) finds its id here and changes nothing.
CREATE TABLE consumed_events (
    event_id    TEXT        PRIMARY KEY,
    topic       TEXT        NOT NULL,
    outcome     TEXT        NOT NULL,
    consumed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
