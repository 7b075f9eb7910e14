package io.pluralign.steering.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.alignment.steering.Vectors;
import io.pluralign.contracts.http.Role;
import io.pluralign.engine.gguf.ControlVector;
import io.pluralign.engine.gguf.ControlVectorFiles;
import io.pluralign.steering.ServiceApi;
import io.pluralign.steering.domain.BuiltInConcepts;
import io.pluralign.steering.domain.ConceptDefinition;
import io.pluralign.steering.domain.ConceptService;
import io.pluralign.steering.domain.ContrastPair;
import io.pluralign.testsupport.GatewayCaller;
import io.pluralign.testsupport.RealInfrastructure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Concepts against the real model, PostgreSQL and Kafka: define, compute, inspect, read, export and import. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pluralign.trust.secret=" + GatewayCaller.TEST_SECRET)
@RealInfrastructure
class ConceptsIT {
    @LocalServerPort
    int port;

    @Autowired
    ConceptService concepts;

    private final String tenant = "c" + UUID.randomUUID().toString().substring(0, 8);
    private ServiceApi app;
    private ServiceApi admin;

    @BeforeEach
    void callers() throws Exception {
        concepts.awaitIdle();
        app = new ServiceApi(port, GatewayCaller.app(tenant));
        admin = new ServiceApi(port, new GatewayCaller(GatewayCaller.TEST_SECRET, tenant, Role.ADMIN, "k-admin"));
    }

    private static List<Map<String, String>> sentimentPairs(int count) {
        ConceptDefinition sentiment = BuiltInConcepts.load().stream()
                .filter(c -> c.id().equals("style.sentiment"))
                .findFirst()
                .orElseThrow();
        List<Map<String, String>> pairs = new ArrayList<>();
        for (ContrastPair p : sentiment.pairs().subList(0, count)) {
            Map<String, String> pair = new LinkedHashMap<>();
            pair.put("prompt", p.prompt());
            pair.put("positive", p.positive());
            pair.put("negative", p.negative());
            pairs.add(pair);
        }
        return pairs;
    }

    private JsonNode awaitReady(String id) throws Exception {
        concepts.awaitIdle();
        JsonNode concept = app.get("/v1/concepts/" + id).json();
        assertThat(concept.path("status").asString()).as(concept.toString()).isEqualTo("ready");
        return concept;
    }

    @Test
    void anAdminDefinesAConceptFromContrastPairsAndItsVectorsAreComputedInTheBackground() throws Exception {
        Map<String, Object> body = Map.of(
                "id", "brand.upbeat",
                "description", "Our brand voice: upbeat",
                "positive", "upbeat",
                "negative", "gloomy",
                "pairs", sentimentPairs(16));
        assertThat(app.post("/v1/concepts", body).status()).isEqualTo(403);

        ServiceApi.Response created = admin.post("/v1/concepts", body);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        assertThat(created.json().path("status").asString()).isIn("queued", "computing", "ready");
        assertThat(created.json().path("owner").asString()).isEqualTo(tenant);

        JsonNode ready = awaitReady("brand.upbeat");
        assertThat(ready.path("layers").size()).isEqualTo(4);
        assertThat(ready.path("chosenLayers").size()).isBetween(1, 2);
        for (JsonNode layer : ready.path("layers")) {
            assertThat(layer.path("caaAccuracy").asDouble()).isBetween(0.0, 1.0);
            assertThat(layer.path("typicalNorm").asDouble()).isPositive();
        }
        // another tenant does not see it
        ServiceApi other = new ServiceApi(port, GatewayCaller.app("other-" + tenant));
        assertThat(other.get("/v1/concepts/brand.upbeat").status()).isEqualTo(404);
        assertThat(app.get("/v1/concepts").body()).contains("brand.upbeat", "style.formality");

        // reading: the pairs' own poles land on their side of the scale
        Map<String, String> pair = sentimentPairs(20).get(19);
        JsonNode read = app.post(
                        "/v1/concepts/brand.upbeat/read",
                        Map.of(
                                "prompt",
                                pair.get("prompt"),
                                "texts",
                                List.of(pair.get("positive"), pair.get("negative"))))
                .json();
        assertThat(read.path("scores").get(0).asDouble())
                .isGreaterThan(read.path("scores").get(1).asDouble());

        // defining it again unchanged keeps the version; changed pairs make a new one
        assertThat(admin.post("/v1/concepts", body).json().path("version").asInt())
                .isEqualTo(1);
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put("pairs", sentimentPairs(12));
        assertThat(admin.post("/v1/concepts", changed).json().path("version").asInt())
                .isEqualTo(2);
        assertThat(awaitReady("brand.upbeat").path("version").asInt()).isEqualTo(2);
    }

    @Test
    void invalidDefinitionsAreRefusedNamingEachField() {
        ServiceApi.Response response = admin.post(
                "/v1/concepts", Map.of("id", "style.formality", "description", "", "pairs", sentimentPairs(3)));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).contains("problem+json");
        assertThat(response.body()).contains("\"field\":\"id\"", "\"field\":\"description\"", "\"field\":\"pairs\"");
        assertThat(response.json().path("error").path("param").asString()).isEqualTo("id");
    }

    @Test
    void vectorsExportAsGgufControlVectorsAndAnAdminsImportSteersLikeTheOriginal() throws Exception {
        JsonNode formality = awaitReady("style.formality");
        ServiceApi.Response exported = app.get("/v1/concepts/style.formality/vector");
        assertThat(exported.status()).isEqualTo(200);
        ControlVector vector = ControlVectorFiles.read(exported.bytes(), "export");
        List<Integer> chosen = new ArrayList<>();
        formality.path("chosenLayers").forEach(l -> chosen.add(l.asInt()));
        chosen.remove(Integer.valueOf(0));
        assertThat(vector.directions().keySet()).containsExactlyElementsOf(chosen);
        assertThat(vector.hiddenSize()).isEqualTo(192);

        assertThat(app.put("/v1/concepts/imported.formal/vector", exported.bytes())
                        .status())
                .isEqualTo(403);
        ServiceApi.Response imported =
                admin.put("/v1/concepts/imported.formal/vector?description=formal", exported.bytes());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().path("status").asString()).isEqualTo("ready");
        assertThat(imported.json().path("origin").asString()).isEqualTo("import");
        assertThat(imported.json().path("version").asInt()).isEqualTo(1);
        // the same file again changes nothing; another file is a new version
        assertThat(admin.put("/v1/concepts/imported.formal/vector", exported.bytes())
                        .json()
                        .path("version")
                        .asInt())
                .isEqualTo(1);
        TreeMap<Integer, float[]> halved = new TreeMap<>();
        vector.directions().forEach((layer, v) -> halved.put(layer, Vectors.scaled(v, 0.5)));
        assertThat(admin.put(
                                "/v1/concepts/imported.formal/vector",
                                ControlVectorFiles.toBytes(new ControlVector("", 192, halved)))
                        .json()
                        .path("version")
                        .asInt())
                .isEqualTo(2);

        JsonNode steered = app.post(
                        "/v1/chat/completions",
                        Map.of(
                                "model",
                                "pluralign-mini",
                                "messages",
                                List.of(Map.of("role", "user", "content", "How do I start running?")),
                                "max_tokens",
                                5,
                                "steering",
                                Map.of("concepts", Map.of("imported.formal", 1.0))))
                .json()
                .path("steering");
        assertThat(steered.path("applied").asBoolean()).as(steered.toString()).isTrue();
        assertThat(steered.path("concepts").get(0).path("id").asString()).isEqualTo("imported.formal");
    }

    @Test
    void importedVectorsOutOfBoundsOrMalformedAreRefused() {
        TreeMap<Integer, float[]> huge = new TreeMap<>();
        float[] v = new float[192];
        v[0] = 1e4f;
        huge.put(2, v);
        ServiceApi.Response tooLarge = admin.put(
                "/v1/concepts/attack.unsafe/vector", ControlVectorFiles.toBytes(new ControlVector("", 192, huge)));
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.json().path("detail").asString()).contains("norm");

        TreeMap<Integer, float[]> wrongShape = new TreeMap<>(Map.of(1, new float[64]));
        ServiceApi.Response shape = admin.put(
                "/v1/concepts/attack.shape/vector", ControlVectorFiles.toBytes(new ControlVector("", 64, wrongShape)));
        assertThat(shape.status()).isEqualTo(400);
        assertThat(shape.json().path("detail").asString()).contains("hidden size");

        TreeMap<Integer, float[]> deep = new TreeMap<>(Map.of(40, Vectors.scaled(new float[192], 0)));
        assertThat(admin.put(
                                "/v1/concepts/attack.deep/vector",
                                ControlVectorFiles.toBytes(new ControlVector("", 192, deep)))
                        .json()
                        .path("detail")
                        .asString())
                .contains("layer 40");

        ServiceApi.Response garbage = admin.put("/v1/concepts/attack.garbage/vector", "not gguf".getBytes());
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(admin.put("/v1/concepts/style.formality/vector", new byte[0]).status())
                .isEqualTo(400);
        assertThat(app.get("/v1/concepts/attack.unsafe").status()).isEqualTo(404);
    }
}
