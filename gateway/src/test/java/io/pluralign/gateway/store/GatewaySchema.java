package io.pluralign.gateway.store;

import io.pluralign.testsupport.TestDatabase;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The gateway's schema, migrated by its real Flyway scripts, in a test class's own PostgreSQL database. */
public final class GatewaySchema {
    private GatewaySchema() {}

    public static JdbcClient migrate(TestDatabase database) {
        return migrate(dataSource(database));
    }

    /** Connections to the test class's database, in the gateway's schema. */
    public static DataSource dataSource(TestDatabase database) {
        String url = database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=gateway";
        return new DriverManagerDataSource(url, database.username(), database.password());
    }

    public static JdbcClient migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("gateway")
                .defaultSchema("gateway")
                .load()
                .migrate();
        return JdbcClient.create(dataSource);
    }
}
