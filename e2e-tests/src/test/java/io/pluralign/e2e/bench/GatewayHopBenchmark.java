package io.pluralign.e2e.bench;

import io.pluralign.infra.App;
import io.pluralign.infra.Platform;
import io.pluralign.testsupport.GatewayCaller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * What the gateway hop costs: the same profile read sent through the gateway (key check, rate limit, signing,
 * proxying) and straight to profile-service (signed as the gateway would), at a fixed concurrency, with latency
 * percentiles and throughput for each. Starts the whole platform with the launcher; run with
 * {@code bench/gateway-hop} (see docs/benchmarks.md).
 */
public final class GatewayHopBenchmark {
    private static final String PROFILE =
            "{\"bigFive\":{\"openness\":0.5,\"conscientiousness\":0.5,\"extraversion\":0.5,"
                    + "\"agreeableness\":0.5,\"neuroticism\":0.5}}";

    /** The processes whose CPU time each round reports: the gateway, then profile-service. */
    private List<ProcessHandle> cpu = List.of();

    public static void main(String[] args) throws Exception {
        int requests = Integer.getInteger("requests", 4000);
        int concurrency = Integer.getInteger("concurrency", 8);
        int rounds = Integer.getInteger("rounds", 3);
        try (Platform platform = BenchPlatform.start()) {
            new GatewayHopBenchmark().run(platform, requests, concurrency, rounds);
        }
        System.exit(0);
    }

    private void run(Platform platform, int requests, int concurrency, int rounds) throws Exception {
        BenchPlatform.Tenant bench = BenchPlatform.newTenant(platform);
        String tenant = bench.id();
        String key = bench.appKey();
        String path = "/v1/users/bench-user/profile";
        send("PUT", platform.gatewayUrl() + path, Map.of("Authorization", "Bearer " + key), PROFILE, 201);

        GatewayCaller direct =
                new GatewayCaller(platform.trustSecret(), tenant, io.pluralign.contracts.http.Role.APP, "bench");
        String gatewayUrl = platform.gatewayUrl() + path;
        String serviceUrl = platform.serviceUrl("profile-service") + path;
        Path pids = platform.config().varDir().resolve("pids");
        cpu = List.of(process(pids, App.GATEWAY), process(pids, App.PROFILE_SERVICE));

        System.out.printf(
                "gateway hop benchmark: %d GETs of one profile per round, concurrency %d, %d rounds%n",
                requests, concurrency, rounds);
        System.out.println("CPU columns: CPU time the gateway and profile-service processes used during the round, in"
                + " microseconds per request (all their threads: JIT, GC and logging included); gw/svc: the one"
                + " divided by the other, which varies far less between runs than either on a shared machine");
        System.out.printf(
                "%-26s %8s %8s %8s %8s %8s %12s %12s %8s%n",
                "target", "p50 ms", "p90 ms", "p99 ms", "max ms", "req/s", "gw cpu us", "svc cpu us", "gw/svc");
        for (int round = 0; round <= rounds; round++) {
            boolean warmup = round == 0;
            Result viaGateway =
                    measure(requests, concurrency, () -> Map.of("Authorization", "Bearer " + key), gatewayUrl);
            Result straight = measure(requests, concurrency, () -> direct.headers("GET", path), serviceUrl);
            String label = warmup ? " (warm-up)" : " #" + round;
            print("via gateway" + label, viaGateway, true);
            print("profile-service" + label, straight, false);
        }
    }

    /** The launched app's process, found through the launcher's pid file ({@code var/pids/<module>.pid}). */
    private static ProcessHandle process(Path pids, App app) throws IOException {
        String[] entry = Files.readString(pids.resolve(app.moduleName() + ".pid"))
                .strip()
                .split("\\s+");
        return ProcessHandle.of(Long.parseLong(entry[0]))
                .orElseThrow(() -> new IllegalStateException(app.moduleName() + " is not running"));
    }

    private static long[] cpuNanos(List<ProcessHandle> processes) {
        return processes.stream()
                .mapToLong(process ->
                        process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L))
                .toArray();
    }

    /**
     * @param cpuMicrosPerRequest per process of {@link #cpu} (gateway, profile-service): CPU time used during the
     *     round divided by the requests sent
     */
    private record Result(double[] sortedMillis, double seconds, double[] cpuMicrosPerRequest) {
        double percentile(double p) {
            return sortedMillis[Math.min(sortedMillis.length - 1, (int) Math.ceil(p * sortedMillis.length) - 1)];
        }
    }

    private static void print(String label, Result r, boolean viaGateway) {
        System.out.printf(
                "%-26s %8.2f %8.2f %8.2f %8.2f %8.0f %12.0f %12.0f %8s%n",
                label,
                r.percentile(0.50),
                r.percentile(0.90),
                r.percentile(0.99),
                r.sortedMillis[r.sortedMillis.length - 1],
                r.sortedMillis.length / r.seconds,
                r.cpuMicrosPerRequest[0],
                r.cpuMicrosPerRequest[1],
                viaGateway ? String.format("%.2f", r.cpuMicrosPerRequest[0] / r.cpuMicrosPerRequest[1]) : "-");
    }

    private Result measure(int requests, int concurrency, Supplier<Map<String, String>> headers, String url)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            int perWorker = requests / concurrency;
            long[] cpuBefore = cpuNanos(cpu);
            long start = System.nanoTime();
            List<Future<double[]>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    double[] latencies = new double[perWorker];
                    for (int i = 0; i < perWorker; i++) {
                        long t0 = System.nanoTime();
                        send("GET", url, headers.get(), null, 200);
                        latencies[i] = (System.nanoTime() - t0) / 1e6;
                    }
                    return latencies;
                }));
            }
            double[] all = new double[perWorker * concurrency];
            int offset = 0;
            for (Future<double[]> worker : workers) {
                double[] part = worker.get();
                System.arraycopy(part, 0, all, offset, part.length);
                offset += part.length;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] cpuAfter = cpuNanos(cpu);
            double[] cpuPerRequest = new double[cpu.size()];
            for (int i = 0; i < cpuPerRequest.length; i++) {
                cpuPerRequest[i] = (cpuAfter[i] - cpuBefore[i]) / 1e3 / all.length;
            }
            Arrays.sort(all);
            return new Result(all, seconds, cpuPerRequest);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String send(String method, String url, Map<String, String> headers, String body, int expected)
            throws IOException, InterruptedException {
        return BenchPlatform.send(method, url, headers, body, expected);
    }
}
