package io.pluralign.profile.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.events.Topics;
import io.pluralign.outbox.OutboxStore;
import io.pluralign.profile.domain.Precondition;
import io.pluralign.profile.domain.ProfileService;
import io.pluralign.profile.domain.UserKey;
import io.pluralign.testsupport.GatewayCaller;
import io.pluralign.testsupport.RealInfrastructure;
import io.pluralign.testsupport.TestInfrastructure;
import io.pluralign.testsupport.TopicProbe;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.json.JsonMapper;

/** A committed change is published at once, without waiting for the relay's next poll. */
@SpringBootTest(
        properties = {
            "pluralign.trust.secret=" + GatewayCaller.TEST_SECRET,
            // polling alone would publish an hour from now
            "pluralign.outbox.poll-interval=1h"
        })
@RealInfrastructure
class OutboxPublishOnCommitIT {
    @Autowired
    ProfileService profiles;

    @Autowired
    OutboxStore outbox;

    @Autowired
    JsonMapper json;

    @Test
    void aCommittedChangeIsPublishedWithoutWaitingForAPoll(TestInfrastructure infra) throws Exception {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        try (TopicProbe probe = TopicProbe.fromBeginning(infra.kafkaBootstrapServers(), Topics.PROFILE_CHANGED)) {
            profiles.put(
                    new UserKey(tenant, "u1"),
                    json.readTree("{\"strength\":0.5}"),
                    Precondition.NONE,
                    new ProfileService.Writer("test", false));
            assertThat(probe.await(r -> (tenant + ":u1").equals(r.key()), 1, Duration.ofSeconds(10)))
                    .hasSize(1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (outbox.pendingCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(outbox.pendingCount()).as("marked published").isZero();
    }
}
