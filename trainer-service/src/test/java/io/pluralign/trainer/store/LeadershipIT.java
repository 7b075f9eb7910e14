package io.pluralign.trainer.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.testsupport.RealInfrastructure;
import io.pluralign.testsupport.TestInfrastructure;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Two trainer-service instances against one real PostgreSQL: one leads learning at a time, and hands over. */
@RealInfrastructure
class LeadershipIT {

    private static DataSource connections(TestInfrastructure infra) {
        return new DriverManagerDataSource(
                infra.database().jdbcUrl(),
                infra.database().username(),
                infra.database().password());
    }

    @Test
    void oneInstanceLeadsAndAnotherTakesOverWhenItStops(TestInfrastructure infra) {
        try (Leadership first = new Leadership(connections(infra));
                Leadership second = new Leadership(connections(infra))) {
            assertThat(first.lead()).isTrue();
            assertThat(second.lead()).isFalse();
            assertThat(first.lead()).as("it keeps leading").isTrue();

            first.close();
            assertThat(second.lead()).isTrue();
            assertThat(first.lead()).isFalse();
        }
    }

    @Test
    void leadershipIsReleasedEvenWhenTheConnectionGoesBackToAPool(TestInfrastructure infra) throws Exception {
        // a pool keeps the session (and a session lock) after close: one connection, handed out again and again
        DataSource base = connections(infra);
        Connection shared = base.getConnection();
        DataSource pool = new org.springframework.jdbc.datasource.SingleConnectionDataSource(shared, true);
        try (Leadership pooled = new Leadership(pool);
                Leadership other = new Leadership(base)) {
            assertThat(pooled.lead()).isTrue();
            pooled.close();
            assertThat(other.lead())
                    .as("the lock went with close, though the session lives on")
                    .isTrue();
        } finally {
            shared.close();
        }
    }
}
