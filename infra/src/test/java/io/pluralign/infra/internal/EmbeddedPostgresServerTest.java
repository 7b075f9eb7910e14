package io.pluralign.infra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path var;

    @Test
    void dataSurvivesARestartWithTheSameDataDirectory() throws Exception {
        Path data = var.resolve("postgres");
        Path log = var.resolve("logs/postgres.log");
        int port = PortCheck.resolve(0);

        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, port, log)) {
            postgres.ensureDatabase("pluralign");
            postgres.ensureDatabase("pluralign"); // a second time is fine
            try (Connection connection = connect(postgres);
                    Statement sql = connection.createStatement()) {
                sql.execute("CREATE TABLE profile (id text PRIMARY KEY, version int)");
                sql.execute("INSERT INTO profile VALUES ('u-42', 3)");
            }
        }
        assertThat(PortCheck.isFree(port)).as("PostgreSQL stopped").isTrue();

        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, port, log);
                Connection connection = connect(postgres);
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SELECT version FROM profile WHERE id = 'u-42'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(3);
        }
        assertThat(log).content().contains("database system is ready to accept connections");
    }

    @Test
    void committedDataIsWrittenToDiskNotJustHandedToTheOperatingSystem() throws Exception {
        int port = PortCheck.resolve(0);
        try (EmbeddedPostgresServer postgres =
                        EmbeddedPostgresServer.start(var.resolve("postgres"), port, var.resolve("logs/postgres.log"));
                Connection connection = DriverManager.getConnection(
                        postgres.jdbcUrl("postgres"), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD)) {
            // zonky's own defaults are fsync=off (-F) and synchronous_commit=off: fast, but a crash loses data.
            assertThat(show(connection, "fsync")).isEqualTo("on");
            assertThat(show(connection, "full_page_writes")).isEqualTo("on");
            assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
            assertThat(postgres.postmaster())
                    .as("the server process, from postmaster.pid")
                    .isPresent();
        }
    }

    private static String show(Connection connection, String setting) throws Exception {
        try (Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SHOW " + setting)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static Connection connect(EmbeddedPostgresServer postgres) throws Exception {
        return DriverManager.getConnection(
                postgres.jdbcUrl("pluralign"), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
    }
}
