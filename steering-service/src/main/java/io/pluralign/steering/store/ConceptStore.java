package io.pluralign.steering.store;

import io.pluralign.alignment.steering.LayerFit;
import io.pluralign.steering.domain.BuiltInConcepts;
import io.pluralign.steering.domain.ConceptDefinition;
import io.pluralign.steering.domain.ConceptVectors;
import io.pluralign.steering.domain.ContrastPair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Concept definitions and their vectors per (model, concept, version). */
@Repository
public class ConceptStore {

    /** Where a concept's vectors on a model stand. */
    public record Status(String status, double progress, String error) {
        public static final String QUEUED = "queued";
        public static final String COMPUTING = "computing";
        public static final String READY = "ready";
        public static final String FAILED = "failed";
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public ConceptStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Stores {@code concept}: new at version 1, unchanged when its fingerprint is the same, else as the next version.
     * Returns the definition with its stored version.
     */
    @Transactional
    public ConceptDefinition save(ConceptDefinition concept, String actor) {
        Optional<Integer> version = jdbc.sql(
                        "SELECT version FROM concepts WHERE tenant_id = ? AND id = ? AND fingerprint = ?")
                .params(concept.owner(), concept.id(), concept.fingerprint())
                .query(Integer.class)
                .optional();
        if (version.isPresent()) {
            jdbc.sql("UPDATE concepts SET description = ?, positive_label = ?, negative_label = ?"
                            + " WHERE tenant_id = ? AND id = ?")
                    .params(
                            concept.description(),
                            concept.positive(),
                            concept.negative(),
                            concept.owner(),
                            concept.id())
                    .update();
            return concept.withVersion(version.get());
        }
        int next = jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM concepts WHERE tenant_id = ? AND id = ?")
                .params(concept.owner(), concept.id())
                .query(Integer.class)
                .single();
        jdbc.sql("INSERT INTO concepts (tenant_id, id, version, description, positive_label, negative_label, origin,"
                        + " pairs, fingerprint, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)"
                        + " ON CONFLICT (tenant_id, id) DO UPDATE SET version = EXCLUDED.version,"
                        + " description = EXCLUDED.description, positive_label = EXCLUDED.positive_label,"
                        + " negative_label = EXCLUDED.negative_label, origin = EXCLUDED.origin, pairs = EXCLUDED.pairs,"
                        + " fingerprint = EXCLUDED.fingerprint, created_by = EXCLUDED.created_by, updated_at = now()")
                .params(
                        concept.owner(),
                        concept.id(),
                        next,
                        concept.description(),
                        concept.positive(),
                        concept.negative(),
                        concept.origin(),
                        pairsJson(concept.pairs()),
                        concept.fingerprint(),
                        actor)
                .update();
        return concept.withVersion(next);
    }

    /** Every concept {@code tenant} sees: the built-ins and its own. */
    public List<ConceptDefinition> visibleTo(String tenant) {
        return jdbc.sql("SELECT * FROM concepts WHERE tenant_id IN ('', ?) ORDER BY id, tenant_id")
                .param(tenant)
                .query((rs, row) -> definition(rs))
                .list();
    }

    /** Every concept of every owner (for computing what is missing at start). */
    public List<ConceptDefinition> all() {
        return jdbc.sql("SELECT * FROM concepts ORDER BY tenant_id, id")
                .query((rs, row) -> definition(rs))
                .list();
    }

    /** The concept {@code id} as {@code tenant} sees it: its own, else the built-in. */
    public Optional<ConceptDefinition> find(String tenant, String id) {
        return jdbc.sql("SELECT * FROM concepts WHERE tenant_id IN ('', ?) AND id = ? ORDER BY tenant_id DESC LIMIT 1")
                .params(tenant, id)
                .query((rs, row) -> definition(rs))
                .optional();
    }

    public void setStatus(String model, ConceptDefinition concept, String status, double progress, String error) {
        jdbc.sql("INSERT INTO concept_vectors (model, tenant_id, concept_id, concept_version, status, progress, error)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (model, tenant_id, concept_id, concept_version)"
                        + " DO UPDATE SET status = EXCLUDED.status, progress = EXCLUDED.progress,"
                        + " error = EXCLUDED.error, updated_at = now()")
                .params(model, concept.owner(), concept.id(), concept.version(), status, progress, error)
                .update();
    }

    public Optional<Status> status(String model, ConceptDefinition concept) {
        return jdbc.sql("SELECT status, progress, error FROM concept_vectors WHERE model = ? AND tenant_id = ?"
                        + " AND concept_id = ? AND concept_version = ?")
                .params(model, concept.owner(), concept.id(), concept.version())
                .query((rs, row) -> new Status(rs.getString("status"), rs.getDouble("progress"), rs.getString("error")))
                .optional();
    }

    public void saveVectors(String model, ConceptVectors vectors) {
        ArrayNode layers = json.createArrayNode();
        ByteBuffer bytes = ByteBuffer.allocate(vectors.fits().size()
                        * 2
                        * 4
                        * vectors.fits().get(vectors.fits().firstKey()).meanDifference().length)
                .order(ByteOrder.LITTLE_ENDIAN);
        vectors.fits().forEach((layer, fit) -> {
            ObjectNode l = layers.addObject();
            l.put("layer", layer);
            putNumber(l, "caaAccuracy", fit.meanDifferenceAccuracy());
            putNumber(l, "repeAccuracy", fit.principalAccuracy());
            putNumber(l, "effectSize", fit.effectSize());
            putNumber(l, "positiveProjection", fit.positiveProjection());
            putNumber(l, "negativeProjection", fit.negativeProjection());
            putNumber(l, "typicalNorm", fit.typicalNorm());
            for (float f : fit.meanDifference()) {
                bytes.putFloat(f);
            }
            for (float f : fit.principalDirection()) {
                bytes.putFloat(f);
            }
        });
        Integer[] chosen =
                java.util.Arrays.stream(vectors.chosenLayers()).boxed().toArray(Integer[]::new);
        jdbc.sql("INSERT INTO concept_vectors (model, tenant_id, concept_id, concept_version, status, progress,"
                        + " chosen_layers, layers, vectors) VALUES (?, ?, ?, ?, 'ready', 1, ?, ?::jsonb, ?)"
                        + " ON CONFLICT (model, tenant_id, concept_id, concept_version) DO UPDATE SET status = 'ready',"
                        + " progress = 1, error = NULL, chosen_layers = EXCLUDED.chosen_layers,"
                        + " layers = EXCLUDED.layers, vectors = EXCLUDED.vectors, updated_at = now()")
                .params(
                        model,
                        vectors.owner(),
                        vectors.conceptId(),
                        vectors.conceptVersion(),
                        chosen,
                        json.writeValueAsString(layers),
                        bytes.array())
                .update();
    }

    /** The ready vectors of the current version of every concept, on {@code model}. */
    public List<ConceptVectors> readyVectors(String model) {
        return jdbc.sql("SELECT v.*, c.origin FROM concept_vectors v JOIN concepts c ON c.tenant_id = v.tenant_id"
                        + " AND c.id = v.concept_id AND c.version = v.concept_version"
                        + " WHERE v.model = ? AND v.status = 'ready'")
                .param(model)
                .query((rs, row) -> vectors(rs))
                .list();
    }

    private ConceptVectors vectors(ResultSet rs) throws SQLException {
        JsonNode layers = json.readTree(rs.getString("layers"));
        ByteBuffer bytes = ByteBuffer.wrap(rs.getBytes("vectors")).order(ByteOrder.LITTLE_ENDIAN);
        int h = bytes.capacity() / 4 / 2 / layers.size();
        TreeMap<Integer, LayerFit> fits = new TreeMap<>();
        for (JsonNode l : layers) {
            float[] caa = new float[h];
            float[] repe = new float[h];
            for (int i = 0; i < h; i++) {
                caa[i] = bytes.getFloat();
            }
            for (int i = 0; i < h; i++) {
                repe[i] = bytes.getFloat();
            }
            fits.put(
                    l.path("layer").asInt(),
                    new LayerFit(
                            l.path("layer").asInt(),
                            caa,
                            repe,
                            number(l, "caaAccuracy"),
                            number(l, "repeAccuracy"),
                            number(l, "effectSize"),
                            number(l, "positiveProjection"),
                            number(l, "negativeProjection"),
                            number(l, "typicalNorm")));
        }
        Array chosen = rs.getArray("chosen_layers");
        int[] layersChosen = java.util.Arrays.stream((Integer[]) chosen.getArray())
                .mapToInt(Integer::intValue)
                .toArray();
        return new ConceptVectors(
                rs.getString("tenant_id"),
                rs.getString("concept_id"),
                rs.getInt("concept_version"),
                fits,
                layersChosen,
                ConceptDefinition.ORIGIN_IMPORT.equals(rs.getString("origin")));
    }

    /** JSON has no NaN: an unknown number (an imported vector's separability) is stored as null. */
    private static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    private static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    private String pairsJson(List<ContrastPair> pairs) {
        return json.writeValueAsString(pairs);
    }

    private ConceptDefinition definition(ResultSet rs) throws SQLException {
        List<ContrastPair> pairs = BuiltInConcepts.pairs(json.readTree(rs.getString("pairs")));
        return new ConceptDefinition(
                rs.getString("tenant_id"),
                rs.getString("id"),
                rs.getInt("version"),
                rs.getString("description"),
                rs.getString("positive_label"),
                rs.getString("negative_label"),
                rs.getString("origin"),
                pairs,
                null);
    }
}
