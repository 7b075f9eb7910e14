package io.pluralign.e2e.bench;

import io.pluralign.alignment.pal.Comparison;
import io.pluralign.alignment.pal.LinearBradleyTerry;
import io.pluralign.alignment.pal.PalModel;
import io.pluralign.alignment.pal.PalTrainer;
import io.pluralign.alignment.pal.Standardizer;
import io.pluralign.contracts.profile.ConceptIds;
import io.pluralign.infra.Platform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Does personalization work? A simulated population judges real answers of the bundled model: answers are generated
 * with random steering over the model's eight concept axes, each answer is scored on every axis by the concept read
 * endpoint, and users drawn from three hidden preference types (60 / 25 / 15 %) plus individual noise prefer the answer
 * of higher utility (a weighted sum of its axis scores, through a logistic choice). The learners see only the base
 * model's embeddings of the answers (last layer, pooled), never the axes. Reported: held-out accuracy of one shared
 * Bradley-Terry reward, an independent reward per user, and PAL, for seen users (all, and the minority types) and for
 * new users after 1, 2, 5, 10, 20 and 50 comparisons, over several population seeds.
 */
public final class PalProofBenchmark {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final List<String> AXES = ConceptIds.STEERABLE;
    static final int[] NEW_USER_COUNTS = {1, 2, 5, 10, 20, 50};

    private PalProofBenchmark() {}

    /** An answer: its embedding and its (standardized) score on each axis. */
    record Item(int prompt, float[] embedding, double[] axes) {}

    public static void main(String[] args) throws Exception {
        int variants = Integer.getInteger("variants", 6);
        int seeds = Integer.getInteger("seeds", 3);
        List<String> prompts = new ArrayList<>(io.pluralign.e2e.EverydayQuestions.ALL);
        prompts.addAll(io.pluralign.e2e.EverydayQuestions.MORE);
        java.nio.file.Path cache = java.nio.file.Path.of(System.getProperty("pluralign.root", ".."))
                .resolve("e2e-tests/target/pal-proof-answers.json");
        List<Item> items;
        if (Boolean.getBoolean("reuse") && java.nio.file.Files.exists(cache)) {
            items = List.of(JSON.readValue(cache.toFile(), Item[].class));
            System.out.printf("%d answers read from %s%n", items.size(), cache);
        } else {
            long started = System.nanoTime();
            try (Platform platform = BenchPlatform.start()) {
                items = answers(platform, prompts, variants);
            }
            System.out.printf(
                    "%d answers to %d prompts generated, read and embedded in %.0f s%n",
                    items.size(), prompts.size(), (System.nanoTime() - started) / 1e9);
            JSON.writeValue(cache.toFile(), items);
        }
        List<Result> results = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
            Result r = Population.run(items, seed);
            results.add(r);
            System.out.println("seed " + seed + ": " + r);
        }
        System.out.printf(
                "population: 3 types (60/25/15 %%), individual noise %.2f per axis, K=%d, D=%d%n",
                Population.NOISE, Integer.getInteger("k", 4), Integer.getInteger("space", 16));
        System.out.println(Result.table(results));
    }

    private static List<Item> answers(Platform platform, List<String> prompts, int variants) throws Exception {
        BenchPlatform.Tenant tenant = BenchPlatform.newTenant(platform);
        String admin = BenchPlatform.send(
                        "POST",
                        platform.gatewayUrl() + "/v1/admin/keys",
                        Map.of("Authorization", "Bearer " + platform.bootstrapAdminKey()),
                        "{\"tenantId\":\"" + tenant.id() + "\",\"role\":\"admin\",\"name\":\"bench-admin\"}",
                        201)
                .replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
        Map<String, String> app = Map.of("Authorization", "Bearer " + tenant.appKey());
        String gw = platform.gatewayUrl();
        awaitConcepts(gw, app);
        int lastLayer = JSON.readTree(BenchPlatform.send("GET", gw + "/v1/models", app, null, 200))
                        .path("data")
                        .get(0)
                        .path("num_layers")
                        .asInt()
                - 1;
        Random random = new Random(42);
        List<String[]> texts = new ArrayList<>(); // prompt, response
        List<Integer> promptOf = new ArrayList<>();
        double[][] scores = new double[prompts.size() * variants][AXES.size()];
        for (int p = 0; p < prompts.size(); p++) {
            List<String> answers = new ArrayList<>();
            for (int v = 0; v < variants; v++) {
                ObjectNode body = JSON.createObjectNode();
                body.put("model", "pluralign-mini");
                body.putArray("messages").addObject().put("role", "user").put("content", prompts.get(p));
                body.put("seed", 7 + v);
                body.put("temperature", 0.8);
                body.put("max_tokens", 60);
                ObjectNode concepts = body.putObject("steering").putObject("concepts");
                for (String axis : AXES) {
                    if (random.nextDouble() < 0.5) {
                        concepts.put(axis, Math.round((random.nextDouble() * 2 - 1) * 100) / 100.0);
                    }
                }
                JsonNode completion = JSON.readTree(
                        BenchPlatform.send("POST", gw + "/v1/chat/completions", app, body.toString(), 200));
                String text = completion
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asString();
                answers.add(text);
                texts.add(new String[] {prompts.get(p), text});
                promptOf.add(p);
            }
            for (int a = 0; a < AXES.size(); a++) {
                ObjectNode read = JSON.createObjectNode();
                read.put("prompt", prompts.get(p));
                ArrayNode list = read.putArray("texts");
                answers.forEach(list::add);
                JsonNode s = JSON.readTree(BenchPlatform.send(
                                "POST", gw + "/v1/concepts/" + AXES.get(a) + "/read", app, read.toString(), 200))
                        .path("scores");
                for (int v = 0; v < variants; v++) {
                    scores[p * variants + v][a] = s.get(v).asDouble();
                }
            }
        }
        List<float[]> embeddings = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += 64) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode list = body.putArray("items");
            for (String[] t : texts.subList(from, Math.min(texts.size(), from + 64))) {
                list.addObject().put("prompt", t[0]).put("response", t[1]);
            }
            body.putArray("layers").add(lastLayer);
            JsonNode acts = JSON.readTree(BenchPlatform.send(
                            "POST",
                            gw + "/v1/activations",
                            Map.of("Authorization", "Bearer " + admin),
                            body.toString(),
                            200))
                    .path("activations");
            for (JsonNode a : acts) {
                JsonNode v = a.get(0);
                float[] e = new float[v.size()];
                for (int i = 0; i < e.length; i++) {
                    e[i] = (float) v.get(i).asDouble();
                }
                embeddings.add(e);
            }
        }
        standardizeColumns(scores);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            items.add(new Item(promptOf.get(i), embeddings.get(i), scores[i]));
        }
        return items;
    }

    private static void awaitConcepts(String gw, Map<String, String> app) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean ready = true;
            for (JsonNode c : JSON.readTree(BenchPlatform.send("GET", gw + "/v1/concepts", app, null, 200))
                    .path("data")) {
                ready &= !AXES.contains(c.path("id").asString())
                        || c.path("status").asString().equals("ready");
            }
            if (ready) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the concepts never got vectors");
    }

    private static void standardizeColumns(double[][] m) {
        for (int c = 0; c < m[0].length; c++) {
            double mean = 0;
            for (double[] row : m) {
                mean += row[c] / m.length;
            }
            double var = 0;
            for (double[] row : m) {
                var += (row[c] - mean) * (row[c] - mean) / m.length;
            }
            double sd = Math.sqrt(var) > 0 ? Math.sqrt(var) : 1;
            for (double[] row : m) {
                row[c] = (row[c] - mean) / sd;
            }
        }
    }

    /** Held-out accuracies of one population seed. */
    record Result(
            double sharedSeen,
            double independentSeen,
            double palSeen,
            double sharedMinority,
            double palMinority,
            double[] sharedNew,
            double[] independentNew,
            double[] palNew) {

        static String table(List<Result> results) {
            StringBuilder out = new StringBuilder();
            out.append("| held-out accuracy | shared BT | independent BT | PAL |\n|---|---|---|---|\n");
            out.append(row("seen users, all", results, Result::sharedSeen, Result::independentSeen, Result::palSeen));
            out.append(row(
                    "seen users, minority types",
                    results,
                    Result::sharedMinority,
                    r -> Double.NaN,
                    Result::palMinority));
            for (int i = 0; i < NEW_USER_COUNTS.length; i++) {
                int j = i;
                out.append(row(
                        "new users, " + NEW_USER_COUNTS[i] + " comparisons",
                        results,
                        r -> r.sharedNew()[j],
                        r -> r.independentNew()[j],
                        r -> r.palNew()[j]));
            }
            return out.toString();
        }

        private static String row(
                String name,
                List<Result> results,
                java.util.function.ToDoubleFunction<Result> a,
                java.util.function.ToDoubleFunction<Result> b,
                java.util.function.ToDoubleFunction<Result> c) {
            return "| " + name + " | " + cell(results, a) + " | " + cell(results, b) + " | " + cell(results, c)
                    + " |\n";
        }

        private static String cell(List<Result> results, java.util.function.ToDoubleFunction<Result> f) {
            double[] v = results.stream().mapToDouble(f).toArray();
            if (Double.isNaN(v[0])) {
                return "-";
            }
            double min = java.util.Arrays.stream(v).min().orElse(0);
            double max = java.util.Arrays.stream(v).max().orElse(0);
            double mean = java.util.Arrays.stream(v).average().orElse(0);
            return String.format("%.3f (%.3f-%.3f)", mean, min, max);
        }

        @Override
        public String toString() {
            return String.format(
                    "seen: shared %.3f, independent %.3f, PAL %.3f; minority: shared %.3f, PAL %.3f; new users"
                            + " shared %s, independent %s, PAL %s",
                    sharedSeen,
                    independentSeen,
                    palSeen,
                    sharedMinority,
                    palMinority,
                    java.util.Arrays.toString(round(sharedNew)),
                    java.util.Arrays.toString(round(independentNew)),
                    java.util.Arrays.toString(round(palNew)));
        }

        private static String[] round(double[] v) {
            return java.util.Arrays.stream(v)
                    .mapToObj(x -> String.format("%.3f", x))
                    .toArray(String[]::new);
        }
    }

    /** One simulated population over the answers, and the three learners fitted and tested on it. */
    static final class Population {
        /** Each user's deviation from their type, per axis (the type's weights have norm 1 over the 8 axes). */
        static final double NOISE = Double.parseDouble(System.getProperty("noise", "0.1"));

        static final double CHOICE_SHARPNESS = 3;
        static final int SEEN_USERS = 60;
        static final int NEW_USERS = 40;
        static final int TRAIN = 40;
        static final int TEST = 30;

        record User(String id, double[] weights, boolean minority) {}

        /** PAL's training options: the platform's defaults, or as the system properties set them. */
        static final PalTrainer.Options OPTIONS = new PalTrainer.Options(
                Integer.getInteger("epochs", PalTrainer.Options.defaults().epochs()),
                PalTrainer.Options.defaults().batchSize(),
                Double.parseDouble(System.getProperty(
                        "lr", "" + PalTrainer.Options.defaults().learningRate())),
                Double.parseDouble(System.getProperty(
                        "wd", "" + PalTrainer.Options.defaults().weightDecay())),
                Double.parseDouble(System.getProperty(
                        "thetaDecay", "" + PalTrainer.Options.defaults().thetaDecay())),
                Double.parseDouble(System.getProperty(
                        "userPrior", "" + PalTrainer.Options.defaults().userPrior())),
                1);

        static Result run(List<Item> items, long seed) {
            Random r = new Random(seed);
            Standardizer input =
                    Standardizer.fit(items.stream().map(Item::embedding).toList());
            Map<Item, double[]> embedded = new HashMap<>();
            items.forEach(i -> embedded.put(i, input.apply(i.embedding())));
            double[][] types = new double[3][];
            for (int t = 0; t < 3; t++) {
                types[t] = unit(gaussian(r, AXES.size()));
            }
            List<User> seen = users(r, types, SEEN_USERS, "seen");
            List<User> fresh = users(r, types, NEW_USERS, "new");
            Map<User, List<Comparison>> train = new HashMap<>();
            Map<User, List<Comparison>> test = new HashMap<>();
            List<Comparison> all = new ArrayList<>();
            for (User u : seen) {
                train.put(u, compare(u, items, embedded, r, TRAIN));
                test.put(u, compare(u, items, embedded, r, TEST));
                all.addAll(train.get(u));
            }
            int e = items.get(0).embedding().length;
            LinearBradleyTerry shared = LinearBradleyTerry.fit(all, e, 1e-3, 300);
            PalModel pal = PalModel.random(e, Integer.getInteger("space", 16), Integer.getInteger("k", 4), seed);
            Map<String, double[]> thetas = new HashMap<>();
            PalTrainer.fitShared(pal, all, thetas, OPTIONS);

            double sharedSeen = 0;
            double independentSeen = 0;
            double palSeen = 0;
            double sharedMinority = 0;
            double palMinority = 0;
            int minorities = 0;
            for (User u : seen) {
                List<Comparison> t = test.get(u);
                double s = share(t, shared::agrees);
                double p = share(t, c -> palAgrees(pal, thetas.get(u.id()), c));
                LinearBradleyTerry own = LinearBradleyTerry.fit(train.get(u), e, 1e-1, 300);
                sharedSeen += s / seen.size();
                palSeen += p / seen.size();
                independentSeen += share(t, own::agrees) / seen.size();
                if (u.minority()) {
                    sharedMinority += s;
                    palMinority += p;
                    minorities++;
                }
            }
            double[] sharedNew = new double[NEW_USER_COUNTS.length];
            double[] independentNew = new double[NEW_USER_COUNTS.length];
            double[] palNew = new double[NEW_USER_COUNTS.length];
            for (User u : fresh) {
                List<Comparison> seenByUser = compare(u, items, embedded, r, 50);
                List<Comparison> t = compare(u, items, embedded, r, TEST);
                for (int i = 0; i < NEW_USER_COUNTS.length; i++) {
                    List<Comparison> few = seenByUser.subList(0, NEW_USER_COUNTS[i]);
                    double[] theta = PalTrainer.fitUser(pal, few, null, 150, OPTIONS);
                    LinearBradleyTerry own = LinearBradleyTerry.fit(few, e, 1e-1, 300);
                    sharedNew[i] += share(t, shared::agrees) / fresh.size();
                    independentNew[i] += share(t, own::agrees) / fresh.size();
                    palNew[i] += share(t, c -> palAgrees(pal, theta, c)) / fresh.size();
                }
            }
            return new Result(
                    sharedSeen,
                    independentSeen,
                    palSeen,
                    sharedMinority / minorities,
                    palMinority / minorities,
                    sharedNew,
                    independentNew,
                    palNew);
        }

        private static boolean palAgrees(PalModel pal, double[] theta, Comparison c) {
            return pal.reward(theta, c.chosen()) > pal.reward(theta, c.rejected());
        }

        private static double share(List<Comparison> data, java.util.function.Predicate<Comparison> right) {
            return (double) data.stream().filter(right).count() / data.size();
        }

        private static List<User> users(Random r, double[][] types, int count, String prefix) {
            List<User> out = new ArrayList<>();
            for (int u = 0; u < count; u++) {
                double pick = (double) u / count;
                int type = pick < 0.6 ? 0 : pick < 0.85 ? 1 : 2;
                double[] w = types[type].clone();
                double[] noise = gaussian(r, w.length);
                for (int i = 0; i < w.length; i++) {
                    w[i] += NOISE * noise[i];
                }
                out.add(new User(prefix + u, w, type > 0));
            }
            return out;
        }

        /** Comparisons of two answers to the same prompt, chosen by the user's utility through a logistic choice. */
        private static List<Comparison> compare(
                User u, List<Item> items, Map<Item, double[]> embedded, Random r, int n) {
            Map<Integer, List<Item>> byPrompt = new HashMap<>();
            items.forEach(i ->
                    byPrompt.computeIfAbsent(i.prompt(), p -> new ArrayList<>()).add(i));
            List<Integer> promptIds = new ArrayList<>(byPrompt.keySet());
            List<Comparison> out = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                List<Item> answers = byPrompt.get(promptIds.get(r.nextInt(promptIds.size())));
                Item a = answers.get(r.nextInt(answers.size()));
                Item b;
                do {
                    b = answers.get(r.nextInt(answers.size()));
                } while (b == a);
                double margin = CHOICE_SHARPNESS * (dot(u.weights(), a.axes()) - dot(u.weights(), b.axes()));
                boolean prefersA = r.nextDouble() < 1 / (1 + Math.exp(-margin));
                Item chosen = prefersA ? a : b;
                Item rejected = prefersA ? b : a;
                out.add(new Comparison(u.id(), embedded.get(chosen), embedded.get(rejected)));
            }
            return out;
        }

        private static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i] * b[i];
            }
            return s;
        }

        private static double[] gaussian(Random r, int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextGaussian();
            }
            return v;
        }

        private static double[] unit(double[] v) {
            double n = Math.sqrt(dot(v, v));
            for (int i = 0; i < v.length; i++) {
                v[i] /= n;
            }
            return v;
        }
    }
}
