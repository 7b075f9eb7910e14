-- Pooled activations of answers (system, prompt and response), per model: read once from steering-service and
-- reused by every feedback event and refit that names the answer.
CREATE TABLE answer_activations (
    answer_key  TEXT    NOT NULL, -- sha-256 of system, prompt and response
    model_key   TEXT    NOT NULL, -- steering-service's modelKey: weights and fingerprint
    layers      INT[]   NOT NULL,
    activations BYTEA   NOT NULL, -- little-endian float32, one layer after the other
    PRIMARY KEY (answer_key, model_key)
);

-- Every version of each tenant's PAL reward model, complete (the reward-model.updated payload).
CREATE TABLE reward_models (
    tenant_id       TEXT        NOT NULL,
    version         BIGINT      NOT NULL,
    model_key       TEXT        NOT NULL,
    steering_layers INT[]       NOT NULL,
    feedback_count  INT         NOT NULL, -- the tenant's usable feedback when it was fitted
    payload         JSONB       NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, version)
);

-- Each user's current PAL theta (softmax gives their palWeights) under a reward model version.
CREATE TABLE user_thetas (
    tenant_id     TEXT               NOT NULL,
    user_id       TEXT               NOT NULL,
    model_version BIGINT             NOT NULL,
    theta         DOUBLE PRECISION[] NOT NULL,
    comparisons   INT                NOT NULL,
    updated_at    TIMESTAMPTZ        NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id)
);

-- Resolved feedback the learner has not taken into the user's theta yet; set in the same transaction that stores
-- the new theta and its profile.learned event, so a restart neither loses nor repeats an update.
ALTER TABLE feedback ADD COLUMN learned_at TIMESTAMPTZ;
CREATE INDEX feedback_unlearned ON feedback (tenant_id, user_id) WHERE resolution = 'resolved' AND learned_at IS NULL;

-- Transactional outbox (service-kit's OutboxStore): profile.learned, reward-model.updated and steering.updated.
CREATE TABLE outbox (
    id           BIGSERIAL   PRIMARY KEY,
    topic        TEXT        NOT NULL,
    record_key   TEXT        NOT NULL,
    record_value TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
