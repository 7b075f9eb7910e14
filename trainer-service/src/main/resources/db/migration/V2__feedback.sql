-- Every feedback event, once: the CloudEvent id is the key, so redelivery, producer retries and replays store nothing
-- twice. The payload is kept as received (io.pluralign.contracts.events.Feedback).
CREATE TABLE feedback (
    event_id    TEXT        PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    user_id     TEXT        NOT NULL,
    kind        TEXT        NOT NULL CHECK (kind IN ('pairwise', 'rating', 'thumbs')),
    payload     JSONB       NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX feedback_by_user ON feedback (tenant_id, user_id, received_at);
