-- An erased profile keeps only its key and version counter (no body, no preferences), so a profile created again
-- later continues the version sequence: an ETag from before the erasure can never match the new profile, and
-- profile.changed versions only grow.
ALTER TABLE profiles ALTER COLUMN body DROP NOT NULL;
ALTER TABLE profiles ADD COLUMN deleted_at TIMESTAMPTZ;
ALTER TABLE profiles ADD CONSTRAINT erased_profiles_have_no_body CHECK ((deleted_at IS NULL) = (body IS NOT NULL));
