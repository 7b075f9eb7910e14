-- A concept: what it means (description, contrast pairs) per owner. The built-in concepts every tenant sees have
-- tenant_id ''; a tenant's own concepts carry its id. A changed definition gets a new version.
CREATE TABLE concepts (
    tenant_id      TEXT        NOT NULL,
    id             TEXT        NOT NULL,
    version        INT         NOT NULL CHECK (version > 0),
    description    TEXT        NOT NULL,
    positive_label TEXT,
    negative_label TEXT,
    origin         TEXT        NOT NULL CHECK (origin IN ('builtin', 'contrast', 'import')),
    pairs          JSONB       NOT NULL,
    fingerprint    TEXT        NOT NULL,
    created_by     TEXT        NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- A concept's vectors on one model (named with its weights' fingerprint), for one version of the concept: computed in
-- the background from the contrast pairs, or imported by an admin. vectors holds, per layer in the order of layers,
-- the CAA then the RepE vector as little-endian float32.
CREATE TABLE concept_vectors (
    model           TEXT        NOT NULL,
    tenant_id       TEXT        NOT NULL,
    concept_id      TEXT        NOT NULL,
    concept_version INT         NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('queued', 'computing', 'ready', 'failed')),
    progress        DOUBLE PRECISION NOT NULL DEFAULT 0,
    error           TEXT,
    chosen_layers   INT[],
    layers          JSONB,
    vectors         BYTEA,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (model, tenant_id, concept_id, concept_version)
);

-- Transactional outbox (see service-kit's OutboxStore): generation.completed and steering events.
CREATE TABLE outbox (
    id           BIGSERIAL   PRIMARY KEY,
    topic        TEXT        NOT NULL,
    record_key   TEXT        NOT NULL,
    record_value TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
