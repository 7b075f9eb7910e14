-- Generations steering-service served (from generation.completed), so feedback can name them by id.
CREATE TABLE generations (
    generation_id TEXT        PRIMARY KEY,
    tenant_id     TEXT        NOT NULL,
    user_id       TEXT,
    payload       JSONB       NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Feedback that names generation ids is 'pending' until every named generation has arrived, 'resolved' after, and
-- 'rejected' (kept so a replay stores nothing again, and sent to the dead-letter topic) when one never arrived within
-- the grace period or belongs to someone else. Feedback given as text is resolved at once.
ALTER TABLE feedback ADD COLUMN resolution TEXT NOT NULL DEFAULT 'resolved'
    CHECK (resolution IN ('pending', 'resolved', 'rejected'));
ALTER TABLE feedback ADD COLUMN generation_ids TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE feedback ADD COLUMN rejection TEXT;
CREATE INDEX feedback_pending ON feedback (received_at) WHERE resolution = 'pending';
