-- Profiles grow from Big Five + preferences to the full document (io.pluralign.contracts.profile.ProfileDocument):
-- each trait now records its source and when it was set. Existing traits were declared through the API.
UPDATE profiles
SET body = jsonb_set(
        body,
        '{bigFive}',
        (SELECT jsonb_object_agg(
                    trait.key,
                    jsonb_build_object(
                            'value', trait.value,
                            'source', 'declared',
                            'setAt', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')))
         FROM jsonb_each(body -> 'bigFive') AS trait))
               || '{"strength": 1.0, "optOut": false}'::jsonb
WHERE body IS NOT NULL AND jsonb_typeof(body -> 'bigFive') = 'object';

-- Every version of every profile, with who or what made it: the history API and GET ?version=N read it. Erasing a
-- user deletes their rows (the profiles row keeps only the version counter).
CREATE TABLE profile_versions (
    tenant_id  TEXT        NOT NULL,
    user_id    TEXT        NOT NULL,
    version    BIGINT      NOT NULL CHECK (version > 0),
    body       JSONB       NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL,
    changed_by TEXT        NOT NULL,
    change     TEXT        NOT NULL,
    PRIMARY KEY (tenant_id, user_id, version)
);

INSERT INTO profile_versions (tenant_id, user_id, version, body, changed_at, changed_by, change)
SELECT tenant_id, user_id, version, body, updated_at, updated_by, 'put'
FROM profiles
WHERE body IS NOT NULL;
