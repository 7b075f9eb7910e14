-- Resolved feedback the learner has not taken in yet: one narrow row per event, in the order it became learnable
-- (stored resolved, or resolved later when its named generations arrived). A pass reads the oldest and deletes them in
-- the transaction that stores the users' new thetas and their profile.learned events, so a restart neither loses nor
-- repeats an update. It replaces feedback.learned_at, whose update rewrote each learned event's whole row and added
-- an entry to every index of the table; deleting a queue row touches neither.
CREATE TABLE learning_queue (
    seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id  TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    user_id   TEXT NOT NULL
);
INSERT INTO learning_queue (event_id, tenant_id, user_id)
    SELECT event_id, tenant_id, user_id FROM feedback WHERE resolution = 'resolved' AND learned_at IS NULL
    ORDER BY received_at, event_id;
DROP INDEX feedback_unlearned;
ALTER TABLE feedback DROP COLUMN learned_at;
