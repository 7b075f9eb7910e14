-- Current profile per (tenant, user). The body is JSON so that later profile fields need no table rewrite.
CREATE TABLE profiles (
    tenant_id   TEXT        NOT NULL,
    user_id     TEXT        NOT NULL,
    version     BIGINT      NOT NULL CHECK (version > 0),
    body        JSONB       NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  TEXT        NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

-- Transactional outbox: events are written in the same transaction as the change they describe and published to
-- Kafka afterwards, so a crash can delay an event but never lose one. A NULL value is a Kafka tombstone.
CREATE TABLE outbox (
    id           BIGSERIAL   PRIMARY KEY,
    topic        TEXT        NOT NULL,
    record_key   TEXT        NOT NULL,
    record_value TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
