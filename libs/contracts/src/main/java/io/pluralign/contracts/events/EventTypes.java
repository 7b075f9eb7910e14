package io.pluralign.contracts.events;

/** CloudEvents {@code type} attribute values, one per payload kind. */
public final class EventTypes {
    public static final String PROFILE_CHANGED = "io.pluralign.profile.changed.v1";
    public static final String PROFILE_LEARNED = "io.pluralign.profile.learned.v1";
    public static final String USER_ERASED = "io.pluralign.user.erased.v1";
    public static final String TENANT_DELETED = "io.pluralign.tenant.deleted.v1";
    public static final String GENERATION_COMPLETED = "io.pluralign.generation.completed.v1";
    public static final String STEERING_UPDATED = "io.pluralign.steering.updated.v1";
    public static final String FEEDBACK = "io.pluralign.feedback.v1";
    public static final String REWARD_MODEL_UPDATED = "io.pluralign.reward-model.updated.v1";

    private EventTypes() {}
}
