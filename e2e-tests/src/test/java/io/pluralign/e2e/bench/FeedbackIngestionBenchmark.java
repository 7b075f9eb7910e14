package io.pluralign.e2e.bench;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.Feedback;
import io.pluralign.contracts.events.Topics;
import io.pluralign.infra.Platform;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Feedback ingestion on the whole platform: how fast trainer-service stores and learns feedback produced to Kafka, and
 * how long an event takes from produce to the {@code profile.learned} that includes it, at a steady rate. Against the
 * limits of the same machine: a bare Kafka consumer reading the same records, and JDBC batch inserts of the same rows.
 *
 * <p>Answers come from a pool generated once (so activations are read once per answer, as for popular answers; the
 * forward pass is the engine benchmark's subject). Every user has a profile, so each update is published.
 */
public final class FeedbackIngestionBenchmark {
    private static final JsonMapper JSON = JsonMapper.shared();

    private FeedbackIngestionBenchmark() {}

    public static void main(String[] args) throws Exception {
        int users = Integer.getInteger("users", 1000);
        int burst = Integer.getInteger("events", 100_000);
        int warmUp = Integer.getInteger("warmup", 10_000);
        int rate = Integer.getInteger("rate", 500);
        int seconds = Integer.getInteger("seconds", 30);
        int settle = Integer.getInteger("settle", 0);
        // the first reward model comes from 300 events; refits after it only with -Drefits=true (a refit takes seconds
        // of the same two cores, and in production happens far less often than in a benchmark's minutes)
        Map<String, String> env = new HashMap<>(Map.of("PLURALIGN_TRAINER_LEARNING_MIN_FEEDBACK", "200"));
        if (!Boolean.getBoolean("refits")) {
            env.put("PLURALIGN_TRAINER_LEARNING_REFIT_GROWTH", "1000000");
        }
        // -Dcascade=false: profile-service does not apply learned updates, so no profile version, profile.changed or
        // follower work competes for the cores; the measured path (Kafka, trainer-service, PostgreSQL, the relay) alone
        if (!Boolean.parseBoolean(System.getProperty("cascade", "true"))) {
            env.put("PLURALIGN_PROFILE_LEARNED_LISTEN", "false");
        }
        try (Platform platform = BenchPlatform.start(env)) {
            BenchPlatform.Tenant tenant = BenchPlatform.newTenant(platform);
            FeedbackIngestionBenchmark.Run run = new Run(platform, tenant);
            run.answerPool(20);
            run.profiles(users);
            run.seedModel();
            // the JVMs compile their hot paths and the learner reads every user's history once: not measured
            run.throughput("warm-up burst", warmUp, users);
            run.throughput("burst", burst, users);
            run.latency(rate, settle, seconds, users);
            run.rawConsumer(burst);
            run.jdbcBatch(burst);
        }
    }

    /** One benchmark run against a started platform. */
    static final class Run {
        private final Platform platform;
        private final BenchPlatform.Tenant tenant;
        private final Map<String, String> app;
        private final List<String[]> pool = new ArrayList<>(); // prompt, formal answer, casual answer
        private final Random random = new Random(1);
        /** The apps whose busiest threads each phase names, in this order. */
        private final Map<String, ProcessHandle> watched = new LinkedHashMap<>();

        Run(Platform platform, BenchPlatform.Tenant tenant) {
            this.platform = platform;
            this.tenant = tenant;
            this.app = Map.of("Authorization", "Bearer " + tenant.appKey());
            for (String name : List.of("trainer-service", "profile-service", "steering-service")) {
                watched.put(name, CpuByProcess.processOf(name));
            }
        }

        void answerPool(int prompts) throws Exception {
            List<String> questions = io.pluralign.e2e.EverydayQuestions.ALL.subList(0, prompts);
            for (String q : questions) {
                pool.add(new String[] {q, answer(q, 1.0), answer(q, -1.0)});
            }
            System.out.printf("answer pool: %d prompts, 2 answers each%n", pool.size());
        }

        private String answer(String question, double formality) throws Exception {
            ObjectNode body = JSON.createObjectNode();
            body.put("model", "pluralign-mini");
            body.putArray("messages").addObject().put("role", "user").put("content", question);
            body.put("seed", 1);
            body.put("max_tokens", 40);
            body.putObject("steering").putObject("concepts").put("style.formality", formality);
            JsonNode c = JSON.readTree(BenchPlatform.send(
                    "POST", platform.gatewayUrl() + "/v1/chat/completions", app, body.toString(), 200));
            return c.path("choices").get(0).path("message").path("content").asString();
        }

        void profiles(int users) throws Exception {
            long started = System.nanoTime();
            for (int u = 0; u < users; u++) {
                BenchPlatform.send(
                        "PUT",
                        platform.gatewayUrl() + "/v1/users/user-" + u + "/profile",
                        app,
                        "{\"strength\":1}",
                        201);
            }
            System.out.printf("%d profiles created in %.1f s%n", users, (System.nanoTime() - started) / 1e9);
        }

        /** A random preference of user {@code u}; returns its event id and the record. */
        private ProducerRecord<String, String> event(String user, String[] id) {
            String[] p = pool.get(random.nextInt(pool.size()));
            boolean formal = random.nextBoolean();
            Feedback f = new Feedback(
                    tenant.id(),
                    user,
                    Feedback.PAIRWISE,
                    p[0],
                    new Feedback.Answer(null, formal ? p[1] : p[2]),
                    new Feedback.Answer(null, formal ? p[2] : p[1]),
                    null,
                    null,
                    null,
                    null);
            String key = EventKeys.of(tenant.id(), user);
            CloudEvent<Feedback> e = CloudEvent.of("/bench", EventTypes.FEEDBACK, tenant.id(), key, f);
            id[0] = e.id();
            return new ProducerRecord<>(Topics.FEEDBACK, key, JSON.writeValueAsString(e));
        }

        private KafkaProducer<String, String> producer() {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers());
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            return new KafkaProducer<>(p);
        }

        private Connection db() throws Exception {
            return DriverManager.getConnection(platform.jdbcUrl(), platform.jdbcUser(), platform.jdbcPassword());
        }

        void seedModel() throws Exception {
            try (KafkaProducer<String, String> producer = producer()) {
                String[] id = new String[1];
                for (int i = 0; i < 300; i++) {
                    producer.send(event("user-" + (i % 30), id));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            MetricsSnapshot none = new MetricsSnapshot(Map.of());
            while (!(trainerMetrics().since(none, "pluralign_trainer_learning_events_total", "") >= 300)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the first reward model was never fitted");
                }
                Thread.sleep(250);
            }
            System.out.println("first reward model fitted and its users learned");
        }

        /**
         * A burst of {@code events} random preferences, produced as fast as possible; prints how long until all were
         * stored and all learned (trainer-service's own counters, which move after each commit).
         */
        void throughput(String label, int events, int users) throws Exception {
            MetricsSnapshot before = trainerMetrics();
            CpuByProcess cpuBefore = CpuByProcess.now();
            ThreadCpu threadsBefore = ThreadCpu.of(watched);
            long started = System.nanoTime();
            try (KafkaProducer<String, String> producer = producer()) {
                String[] id = new String[1];
                for (int i = 0; i < events; i++) {
                    producer.send(event("user-" + random.nextInt(users), id));
                }
            }
            double produced = (System.nanoTime() - started) / 1e9;
            double stored = -1;
            double learned = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(600).toNanos();
            while ((stored < 0 || learned < 0) && System.nanoTime() < deadline) {
                MetricsSnapshot now = trainerProgress();
                if (stored < 0 && now.since(before, "pluralign_trainer_feedback_stored_total", "") >= events) {
                    stored = (System.nanoTime() - started) / 1e9;
                }
                if (learned < 0 && now.since(before, "pluralign_trainer_learning_events_total", "") >= events) {
                    learned = (System.nanoTime() - started) / 1e9;
                }
                Thread.sleep(200);
            }
            System.out.printf(
                    "%s of %d events over %d users: produced in %.1f s (%.0f/s); all stored after %.1f s (%.0f"
                            + " events/s); all learned after %.1f s (%.0f events/s)%n",
                    label,
                    events,
                    users,
                    produced,
                    events / produced,
                    stored,
                    events / stored,
                    learned,
                    events / learned);
            double elapsed = (System.nanoTime() - started) / 1e9;
            System.out.print(CpuByProcess.now().report(cpuBefore, elapsed));
            System.out.print(ThreadCpu.of(watched).report(threadsBefore, elapsed, 8));
            System.out.print(trainerMetrics().trainerReport(before));
        }

        private MetricsSnapshot trainerMetrics() throws Exception {
            return MetricsSnapshot.of(platform.serviceUrl("trainer-service"), "pluralign_trainer_");
        }

        /** The two counters a burst waits on, polled five times a second: not a whole scrape each time. */
        private MetricsSnapshot trainerProgress() throws Exception {
            return MetricsSnapshot.only(
                    platform.serviceUrl("trainer-service"),
                    "pluralign_trainer_feedback_stored",
                    "pluralign_trainer_learning_events");
        }

        /**
         * A steady {@code rate} of random preferences for {@code settle} seconds, not measured, then for {@code
         * seconds}, measured: an event's latency runs from its produce to the arrival of the {@code profile.learned}
         * that takes it in (it names the event in {@code feedbackIds}).
         */
        void latency(int rate, int settle, int seconds, int users) throws Exception {
            // event id -> when it was produced: nanos, and epoch millis (to compare with events' own times)
            Map<String, long[]> sentAt = new ConcurrentHashMap<>();
            // event id -> its profile.learned: nanos it arrived, epoch millis trainer-service wrote it
            Map<String, long[]> learnedAt = new ConcurrentHashMap<>();
            AtomicBoolean listening = new AtomicBoolean(true);
            int[] updates = new int[1];
            Thread listener = new Thread(() -> updates[0] = listen(sentAt, learnedAt, listening));
            listener.start();
            Thread.sleep(3000); // the consumer has its partitions
            Connection db = db();
            MetricsSnapshot metricsBefore = null;
            DatabaseActivity dbBefore = null;
            CpuByProcess cpuBefore = null;
            ThreadCpu threadsBefore = null;
            long begun = System.nanoTime();
            long start = begun;
            int unmeasured = rate * settle;
            try (KafkaProducer<String, String> producer = producer()) {
                String[] id = new String[1];
                for (int i = 0; i < unmeasured + rate * seconds; i++) {
                    if (i == unmeasured) {
                        metricsBefore = trainerMetrics();
                        dbBefore = DatabaseActivity.of(db);
                        cpuBefore = CpuByProcess.now();
                        threadsBefore = ThreadCpu.of(watched);
                        start = System.nanoTime();
                    }
                    long due = begun + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    ProducerRecord<String, String> record = event("user-" + random.nextInt(users), id);
                    if (i >= unmeasured) {
                        sentAt.put(id[0], new long[] {System.nanoTime(), System.currentTimeMillis()});
                    }
                    producer.send(record);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (learnedAt.size() < sentAt.size() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            listening.set(false);
            listener.join();
            MetricsSnapshot metricsAfter = trainerMetrics();
            DatabaseActivity dbAfter = DatabaseActivity.of(db);
            double elapsed = (System.nanoTime() - start) / 1e9;
            CpuByProcess cpuAfter = CpuByProcess.now();
            ThreadCpu threadsAfter = ThreadCpu.of(watched);
            db.close();
            double[] sorted = sentAt.entrySet().stream()
                    .filter(e -> learnedAt.containsKey(e.getKey()))
                    .mapToDouble(e -> (learnedAt.get(e.getKey())[0] - e.getValue()[0]) / 1e6)
                    .sorted()
                    .toArray();
            // the same latency in two parts: until trainer-service wrote the profile.learned (in the transaction that
            // learned the event), and from then until it arrived here (the outbox relay and Kafka)
            double[] written = sentAt.entrySet().stream()
                    .filter(e -> learnedAt.containsKey(e.getKey()))
                    .mapToDouble(e -> learnedAt.get(e.getKey())[1] - e.getValue()[1])
                    .sorted()
                    .toArray();
            double[] relayed =
                    learnedAt.values().stream().mapToDouble(l -> l[2]).sorted().toArray();
            System.out.printf(
                    "steady %d events/s for %d s (after %d s not measured) over %d users: produce to profile.learned"
                            + " p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms (%d events in %d profile.learned, %d never learned)%n",
                    rate,
                    seconds,
                    settle,
                    users,
                    quantile(sorted, 0.5),
                    quantile(sorted, 0.9),
                    quantile(sorted, 0.99),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1],
                    sorted.length,
                    updates[0],
                    sentAt.size() - sorted.length);
            System.out.printf(
                    "  of which produce to profile.learned written p50 %.0f ms, p99 %.0f ms; written to arrived p50 %.0f"
                            + " ms, p99 %.0f ms%n",
                    quantile(written, 0.5), quantile(written, 0.99), quantile(relayed, 0.5), quantile(relayed, 0.99));
            System.out.print(cpuAfter.report(cpuBefore, elapsed));
            System.out.print(threadsAfter.report(threadsBefore, elapsed, 8));
            System.out.print(metricsAfter.trainerReport(metricsBefore));
            System.out.print(dbAfter.report(dbBefore, elapsed));
        }

        /**
         * Notes when each measured event's profile.learned arrives, until told to stop; returns how many arrived that
         * name a measured event (one in {@code sentAt}).
         */
        private int listen(Map<String, long[]> sentAt, Map<String, long[]> learnedAt, AtomicBoolean listening) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            int updates = 0;
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
                consumer.subscribe(List.of(Topics.PROFILE_LEARNED));
                while (listening.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        long received = System.nanoTime();
                        long receivedMillis = System.currentTimeMillis();
                        JsonNode event = JSON.readTree(r.value());
                        long written =
                                Instant.parse(event.path("time").asString()).toEpochMilli();
                        boolean measured = false;
                        for (JsonNode id : event.path("data").path("feedbackIds")) {
                            if (sentAt.containsKey(id.asString())) {
                                measured = true;
                                learnedAt.putIfAbsent(
                                        id.asString(), new long[] {received, written, receivedMillis - written});
                            }
                        }
                        if (measured && updates++ == 0) {
                            System.out.println("first profile.learned: " + r.value());
                        }
                    }
                }
            }
            return updates;
        }

        void rawConsumer(int events) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + UUID.randomUUID());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
                consumer.subscribe(List.of(Topics.FEEDBACK));
                long read = 0;
                long started = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (read < events && System.nanoTime() < deadline) {
                    int n = consumer.poll(Duration.ofMillis(200)).count();
                    if (n > 0 && started == 0) {
                        started = System.nanoTime();
                    }
                    read += n;
                }
                double s = (System.nanoTime() - started) / 1e9;
                System.out.printf("raw Kafka consumer: %d records in %.1f s (%.0f/s)%n", read, s, read / s);
            }
        }

        void jdbcBatch(int rows) throws Exception {
            String payload = JSON.readTree(event("user-0", new String[1]).value())
                    .path("data")
                    .toString();
            try (Connection c = db()) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TEMP TABLE bench_feedback (LIKE trainer.feedback INCLUDING ALL)");
                }
                c.setAutoCommit(false);
                long started = System.nanoTime();
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO bench_feedback (event_id, tenant_id, user_id, kind, payload) VALUES (?, ?, ?,"
                                + " 'pairwise', ?::jsonb) ON CONFLICT (event_id) DO NOTHING")) {
                    for (int i = 0; i < rows; i++) {
                        ps.setString(1, UUID.randomUUID().toString());
                        ps.setString(2, tenant.id());
                        ps.setString(3, "user-" + (i % 1000));
                        ps.setString(4, payload);
                        ps.addBatch();
                        if (i % 1000 == 999) {
                            ps.executeBatch();
                            c.commit();
                        }
                    }
                    ps.executeBatch();
                    c.commit();
                }
                double s = (System.nanoTime() - started) / 1e9;
                System.out.printf(
                        "JDBC batch insert (1000 per batch and commit): %d rows in %.1f s (%.0f/s)%n",
                        rows, s, rows / s);
            }
        }

        private static double quantile(double[] sorted, double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
        }
    }
}
