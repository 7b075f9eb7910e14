package io.pluralign.e2e.bench;

import io.pluralign.infra.Platform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What personalization costs end to end: streaming chat completions through the gateway on the bundled model, from 1,
 * 8 and 32 concurrent clients, each a different user with a different profile, with each user's steering applied and
 * then turned off per request ({@code "steering": {"enabled": false}}). Rounds of the two alternate, so drift on a
 * shared machine hits both alike. Reports generated tokens per second over the whole round, and time to first token
 * (the first content chunk) as p50 and p90 of all requests.
 *
 * <pre>{@code bench/personalization [-Dseconds=10] [-Drounds=3] [-Dclients=1,8,32] [-DmaxTokens=64]}</pre>
 */
public final class PersonalizationBenchmark {
    private static final JsonMapper JSON = JsonMapper.shared();
    // HTTP/1.1 as SSE clients use it (the default would first try an h2c upgrade on each new connection)
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String[] QUESTIONS = {
        "How do I start running?", "Any tips for saving money?", "How can I sleep better?",
        "How do I prepare for a job interview?", "How can I learn Spanish?", "How do I train a puppy?",
        "Any advice for moving house?", "How can I get more done at work?"
    };

    private PersonalizationBenchmark() {}

    /** One round's results. */
    record Round(long tokens, double seconds, List<Double> ttftMillis, int requests) {
        double tokensPerSecond() {
            return tokens / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("seconds", 10);
        int rounds = Integer.getInteger("rounds", 3);
        int maxTokens = Integer.getInteger("maxTokens", 64);
        int[] clients = Arrays.stream(System.getProperty("clients", "1,8,32").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        try (Platform platform = BenchPlatform.start()) {
            BenchPlatform.Tenant tenant = BenchPlatform.newTenant(platform);
            String url = platform.gatewayUrl();
            int users = Arrays.stream(clients).max().orElse(1);
            Random random = new Random(7);
            for (int u = 0; u < users; u++) {
                String profile = String.format(
                        "{\"bigFive\":{\"openness\":%.2f,\"conscientiousness\":%.2f,\"extraversion\":%.2f,"
                                + "\"agreeableness\":%.2f,\"neuroticism\":%.2f},\"concepts\":{\"style.formality\":%.2f,"
                                + "\"style.verbosity\":%.2f},\"strength\":1}",
                        random.nextDouble(),
                        random.nextDouble(),
                        random.nextDouble(),
                        random.nextDouble(),
                        random.nextDouble(),
                        2 * random.nextDouble() - 1,
                        2 * random.nextDouble() - 1);
                BenchPlatform.send(
                        "PUT",
                        url + "/v1/users/user-" + u + "/profile",
                        Map.of("Authorization", "Bearer " + tenant.appKey()),
                        profile,
                        201);
            }
            awaitSteering(url, tenant.appKey(), users);
            System.out.printf(
                    "%d users with different profiles; streaming, max_tokens %d, temperature 0.8; %d rounds of %d s"
                            + " per cell%n%n",
                    users, maxTokens, rounds, seconds);
            System.out.println("| clients | steering | tokens/s (mean of rounds) | rounds | TTFT p50 | TTFT p90 |"
                    + " requests | throughput cost of steering |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (int c : clients) {
                List<Round> on = new ArrayList<>();
                List<Round> off = new ArrayList<>();
                run(url, tenant.appKey(), c, 3, maxTokens, true); // warm-up
                for (int r = 0; r < rounds; r++) {
                    off.add(run(url, tenant.appKey(), c, seconds, maxTokens, false));
                    on.add(run(url, tenant.appKey(), c, seconds, maxTokens, true));
                }
                double offRate =
                        mean(off.stream().mapToDouble(Round::tokensPerSecond).toArray());
                double onRate =
                        mean(on.stream().mapToDouble(Round::tokensPerSecond).toArray());
                print(c, "off", off, "");
                print(c, "on", on, String.format("%+.1f%%", 100 * (1 - onRate / offRate)));
            }
        }
    }

    private static void print(int clients, String mode, List<Round> rounds, String cost) {
        List<Double> ttft = new ArrayList<>();
        int requests = 0;
        for (Round r : rounds) {
            ttft.addAll(r.ttftMillis());
            requests += r.requests();
        }
        ttft.sort(null);
        double[] rates = rounds.stream().mapToDouble(Round::tokensPerSecond).toArray();
        System.out.printf(
                "| %d | %s | %.1f | %s | %.0f ms | %.0f ms | %d | %s |%n",
                clients,
                mode,
                mean(rates),
                Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()),
                percentile(ttft, 0.5),
                percentile(ttft, 0.9),
                requests,
                cost);
    }

    /** Until every user's steering is composed from their profile (the profile reached steering-service). */
    private static void awaitSteering(String url, String key, int users) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        for (int u = 0; u < users; u++) {
            while (true) {
                String body = BenchPlatform.send(
                        "POST",
                        url + "/v1/chat/completions",
                        Map.of("Authorization", "Bearer " + key),
                        request("user-" + u, QUESTIONS[0], 1, 1, true, false),
                        200);
                JsonNode steering = JSON.readTree(body).path("steering");
                if (steering.path("applied").asBoolean()
                        && steering.path("pending").isEmpty()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("user-" + u + " is not steered: " + steering);
                }
                Thread.sleep(500);
            }
        }
    }

    private static String request(
            String user, String question, long seed, int maxTokens, boolean steer, boolean stream) {
        return "{\"model\":\"pluralign-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}],"
                + "\"user\":\"" + user + "\",\"seed\":" + seed + ",\"temperature\":0.8,\"max_tokens\":" + maxTokens
                + (stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "")
                + (steer ? "" : ",\"steering\":{\"enabled\":false}") + "}";
    }

    /** {@code clients} closed-loop clients, each its own user, for {@code seconds}. */
    private static Round run(String url, String key, int clients, int seconds, int maxTokens, boolean steer)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        long[] tokens = new long[clients];
        int[] requests = new int[clients];
        List<List<Double>> ttft = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            List<Double> mine = new ArrayList<>();
            ttft.add(mine);
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        String body = request(
                                "user-" + client,
                                QUESTIONS[(client + i) % QUESTIONS.length],
                                i,
                                maxTokens,
                                steer,
                                true);
                        HttpRequest r = HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(120))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build();
                        long sent = System.nanoTime();
                        HttpResponse<Stream<String>> response = HTTP.send(r, HttpResponse.BodyHandlers.ofLines());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("status " + response.statusCode());
                        }
                        boolean first = true;
                        for (String line : (Iterable<String>) response.body()::iterator) {
                            if (!line.startsWith("data:") || line.contains("[DONE]")) {
                                continue;
                            }
                            JsonNode chunk = JSON.readTree(line.substring(5));
                            JsonNode choices = chunk.path("choices");
                            if (first
                                    && !choices.isEmpty()
                                    && !choices.get(0)
                                            .path("delta")
                                            .path("content")
                                            .asString("")
                                            .isEmpty()) {
                                mine.add((System.nanoTime() - sent) / 1e6);
                                first = false;
                            }
                            if (chunk.has("usage")) {
                                tokens[client] += chunk.path("usage")
                                        .path("completion_tokens")
                                        .asLong();
                            }
                        }
                        requests[client]++;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            });
            threads.add(t);
            t.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        done.await();
        double elapsed = (System.nanoTime() - started) / 1e9;
        List<Double> all = new ArrayList<>();
        ttft.forEach(all::addAll);
        return new Round(
                Arrays.stream(tokens).sum(),
                elapsed,
                all,
                Arrays.stream(requests).sum());
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }
}
