package io.pluralign.contracts.events;

import java.util.List;

/** The platform's Kafka topics (DESIGN.md, Events). Every event is keyed by {@link EventKeys#of}. */
public final class Topics {
    public static final String FEEDBACK = "pluralign.feedback.v1";
    public static final String FEEDBACK_DLQ = "pluralign.feedback.dlq.v1";
    public static final String PROFILE_CHANGED = "pluralign.profile.changed.v1";
    public static final String PROFILE_LEARNED = "pluralign.profile.learned.v1";
    public static final String PROFILE_LEARNED_DLQ = "pluralign.profile.learned.dlq.v1";
    public static final String USER_ERASED = "pluralign.user.erased.v1";
    public static final String TENANT_DELETED = "pluralign.tenant.deleted.v1";
    public static final String STEERING_UPDATED = "pluralign.steering.updated.v1";
    public static final String REWARD_MODEL_UPDATED = "pluralign.reward-model.updated.v1";
    public static final String GENERATION_COMPLETED = "pluralign.generation.completed.v1";

    /**
     * Every topic with its partitioning. User-keyed streams get 6 partitions (room to scale consumers); the
     * low-volume model-wide streams get 1 so that their order is global.
     */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(FEEDBACK, 6, false),
            new TopicSpec(FEEDBACK_DLQ, 1, false),
            new TopicSpec(PROFILE_CHANGED, 6, true),
            new TopicSpec(PROFILE_LEARNED, 6, false),
            new TopicSpec(PROFILE_LEARNED_DLQ, 1, false),
            new TopicSpec(USER_ERASED, 6, false),
            new TopicSpec(TENANT_DELETED, 1, true),
            new TopicSpec(STEERING_UPDATED, 1, false),
            new TopicSpec(REWARD_MODEL_UPDATED, 1, false),
            new TopicSpec(GENERATION_COMPLETED, 6, false));

    private Topics() {}
}
