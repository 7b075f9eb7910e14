package io.pluralign.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts PostgreSQL and Kafka once per test JVM, on first use, and hands each test class its own slice of them.
 * Stopped by a shutdown hook.
 */
final class SharedInfrastructure {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile SharedInfrastructure instance;

    private final InfrastructureBackend backend;
    private final Map<Class<?>, TestInfrastructure> perClass = new ConcurrentHashMap<>();

    private SharedInfrastructure(InfrastructureBackend backend) {
        this.backend = backend;
    }

    static SharedInfrastructure get() {
        SharedInfrastructure local = instance;
        if (local == null) {
            synchronized (SharedInfrastructure.class) {
                local = instance;
                if (local == null) {
                    InfrastructureBackend backend = InfrastructureBackend.start();
                    local = new SharedInfrastructure(backend);
                    Runtime.getRuntime().addShutdownHook(new Thread(backend::close, "test-infrastructure-stop"));
                    instance = local;
                }
            }
        }
        return local;
    }

    /** The same slice for every call with the same class, so Spring's context and test parameters agree. */
    TestInfrastructure forClass(Class<?> testClass) {
        return perClass.computeIfAbsent(testClass, this::createSlice);
    }

    private TestInfrastructure createSlice(Class<?> testClass) {
        String name = (testClass.getSimpleName().replaceAll("[^A-Za-z0-9]", "") + "_" + COUNTER.incrementAndGet())
                .toLowerCase(Locale.ROOT);
        if (name.length() > 50) {
            name = name.substring(name.length() - 50);
        }
        String database = "t_" + name;
        try (Connection admin = backend.adminDatabase().connect();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + database, e);
        }
        return new TestInfrastructure(
                backend.database(database),
                backend.kafkaBootstrapServers(),
                "test." + name + "." + ProcessHandle.current().pid());
    }
}
