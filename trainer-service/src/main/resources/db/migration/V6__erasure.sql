-- Right to erasure (user.erased): an erased user's feedback keeps only its event id, tenant and user, so that a
-- replay of the feedback topic stores none of it again; its content and named generations are gone. Their
-- generations keep id and owner (feedback naming them is still checked against the owner) without content.
ALTER TABLE feedback DROP CONSTRAINT feedback_resolution_check;
ALTER TABLE feedback ADD CONSTRAINT feedback_resolution_check
    CHECK (resolution IN ('pending', 'resolved', 'rejected', 'erased'));
CREATE INDEX generations_by_user ON generations (tenant_id, user_id);
