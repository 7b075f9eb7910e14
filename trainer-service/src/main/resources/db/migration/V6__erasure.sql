-- Right to erasure (user.erased): an erased user's feedback keeps only its event id, tenant and user, so that a
-- replay of the feedback topic stores none of it again; its content and named generations are gone. Their
-- generations keep id and owner (feedback naming them is rejected) without content.
ALTER TABLE feedback DROP CONSTRAINT feedback_resolution_check;
-- NOT VALID: the check only admits one more value, so the rows there already pass it; no scan of the table
ALTER TABLE feedback ADD CONSTRAINT feedback_resolution_check
    CHECK (resolution IN ('pending', 'resolved', 'rejected', 'erased')) NOT VALID;
CREATE INDEX generations_by_user ON generations (tenant_id, user_id);

-- Erasures asked for (any instance records one per user.erased event), carried out by the instance that learns,
-- between two passes of online learning; one that keeps failing stays here with its error after a few attempts.
CREATE TABLE erasures (
    id           BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     TEXT        NOT NULL UNIQUE,
    tenant_id    TEXT        NOT NULL,
    user_id      TEXT        NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    done_at      TIMESTAMPTZ,
    attempts     INT         NOT NULL DEFAULT 0,
    last_error   TEXT
);
CREATE INDEX erasures_to_do ON erasures (id) WHERE done_at IS NULL;
-- Feedback and generations produced before a user's erasure but consumed after it are stored without content.
CREATE INDEX erasures_by_user ON erasures (tenant_id, user_id, requested_at);
