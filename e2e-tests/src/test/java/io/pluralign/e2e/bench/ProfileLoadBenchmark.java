package io.pluralign.e2e.bench;

import io.pluralign.infra.Platform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Profile traffic through the gateway: reads of many users' profiles at steady rates (open loop: each request is
 * sent at its scheduled time whatever the others do, and its latency counts from that time, so a stall shows up in
 * the percentiles instead of slowing the load down), then merge-patch writes as fast as {@code concurrency} clients
 * can go. Starts the whole platform with the launcher; run with {@code bench/profile-load} (see docs/benchmarks.md).
 */
public final class ProfileLoadBenchmark {
    private static final String PROFILE = "{\"bigFive\":{\"openness\":0.5,\"conscientiousness\":0.5,"
            + "\"extraversion\":0.5,\"agreeableness\":0.5,\"neuroticism\":0.5},\"palWeights\":[0.25,0.25,0.25,0.25],"
            + "\"concepts\":{\"style.formality\":0.3},\"systemPreferences\":\"Short answers.\"}";

    public static void main(String[] args) throws Exception {
        int users = Integer.getInteger("users", 200);
        int seconds = Integer.getInteger("seconds", 10);
        int writes = Integer.getInteger("writes", 2000);
        int concurrency = Integer.getInteger("concurrency", 8);
        List<Integer> rates = Arrays.stream(
                        System.getProperty("rates", "100,200,400").split(","))
                .map(String::strip)
                .map(Integer::valueOf)
                .toList();
        try (Platform platform = BenchPlatform.start()) {
            BenchPlatform.Tenant tenant = BenchPlatform.newTenant(platform);
            Map<String, String> auth = Map.of("Authorization", "Bearer " + tenant.appKey());
            String base = platform.gatewayUrl() + "/v1/users/load-";
            for (int u = 0; u < users; u++) {
                BenchPlatform.send("PUT", base + u + "/profile", auth, PROFILE, 201);
            }
            System.out.printf(
                    "profile load benchmark: %d users; reads at %s req/s for %d s each; %d writes from %d clients%n",
                    users, rates, seconds, writes, concurrency);
            System.out.printf(
                    "%-34s %8s %8s %8s %8s %8s %8s%n",
                    "phase", "p50 ms", "p90 ms", "p99 ms", "max ms", "req/s", "errors");
            reads(base, auth, users, Math.max(20, rates.get(0)), 5, "reads, warm-up");
            for (int rate : rates) {
                reads(base, auth, users, rate, seconds, "reads at " + rate + " req/s");
            }
            writes(base, auth, users, writes, concurrency);
        }
        System.exit(0);
    }

    private static void reads(String base, Map<String, String> auth, int users, int rate, int seconds, String label)
            throws Exception {
        int total = rate * seconds;
        double[] latencies = new double[total];
        int[] errors = new int[1];
        ExecutorService pool = Executors.newFixedThreadPool(64);
        long start = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int request = i;
            sent.add(pool.submit(() -> {
                try {
                    BenchPlatform.send("GET", base + (request % users) + "/profile", auth, null, 200);
                } catch (Exception e) {
                    synchronized (errors) {
                        errors[0]++;
                    }
                }
                latencies[request] = (System.nanoTime() - due) / 1e6;
            }));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdownNow();
        print(label, latencies, total / elapsed, errors[0]);
    }

    private static void writes(String base, Map<String, String> auth, int users, int writes, int concurrency)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        double[] latencies = new double[writes];
        int perClient = writes / concurrency;
        long start = System.nanoTime();
        List<Future<Integer>> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                int failed = 0;
                for (int i = 0; i < perClient; i++) {
                    int n = client * perClient + i;
                    long t0 = System.nanoTime();
                    String patch = "{\"concepts\":{\"style.formality\":" + (n % 200 - 100) / 100.0 + "}}";
                    try {
                        BenchPlatform.send("PATCH", base + (n % users) + "/profile", auth, patch, 200);
                    } catch (IllegalStateException e) {
                        failed++;
                    }
                    latencies[n] = (System.nanoTime() - t0) / 1e6;
                }
                return failed;
            }));
        }
        int errors = 0;
        for (Future<Integer> f : clients) {
            errors += f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdownNow();
        print(
                "writes (PATCH), " + concurrency + " clients",
                Arrays.copyOf(latencies, perClient * concurrency),
                perClient * concurrency / elapsed,
                errors);
    }

    private static void print(String label, double[] latencies, double rate, int errors) {
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "%-34s %8.2f %8.2f %8.2f %8.2f %8.0f %8d%n",
                label,
                percentile(sorted, 0.50),
                percentile(sorted, 0.90),
                percentile(sorted, 0.99),
                sorted[sorted.length - 1],
                rate,
                errors);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
