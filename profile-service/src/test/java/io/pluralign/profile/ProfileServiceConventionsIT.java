package io.pluralign.profile;

import io.pluralign.testsupport.GatewayCaller;
import io.pluralign.testsupport.RealInfrastructure;
import io.pluralign.testsupport.ServiceConventions;
import org.springframework.boot.test.context.SpringBootTest;

/** profile-service starts against real PostgreSQL and Kafka and keeps the platform's service conventions. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pluralign.trust.secret=" + GatewayCaller.TEST_SECRET)
@RealInfrastructure
class ProfileServiceConventionsIT extends ServiceConventions {
    @Override
    protected String schema() {
        return "profile";
    }
}
