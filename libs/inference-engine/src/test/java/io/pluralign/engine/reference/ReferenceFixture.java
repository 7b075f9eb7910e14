package io.pluralign.engine.reference;

import io.pluralign.engine.checkpoint.RandomCheckpoint;
import io.pluralign.engine.checkpoint.TensorDType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One case of {@code src/test/resources/reference/}: a {@link RandomCheckpoint} spec and dtype, edits to its
 * config.json, token sequences, and an independent implementation's (Jlama's) raw logits at every position of each.
 * Written by {@code tools/jlama-reference/make-fixtures.sh}; the checkpoint itself is regenerated from the spec (its
 * weights are a deterministic function of the seed), so neither Jlama nor its Java 21+ runtime is needed here.
 */
record ReferenceFixture(
        String name,
        String description,
        RandomCheckpoint spec,
        TensorDType dtype,
        ObjectNode configEdits,
        int[][] sequences,
        String output,
        String method,
        float[][][] reference) {

    static final String FOLDER = "reference";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every fixture in the resources folder, by name. */
    static List<String> names() {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - ".json".length()))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ReferenceFixture load(String name) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(folder().resolve(name + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode s = root.required("spec");
        RandomCheckpoint spec = new RandomCheckpoint(
                s.required("family").asString(),
                s.required("vocab").asInt(),
                s.required("hidden").asInt(),
                s.required("layers").asInt(),
                s.required("heads").asInt(),
                s.required("kvHeads").asInt(),
                s.required("ffn").asInt(),
                s.required("maxPositions").asInt(),
                s.required("tied").asBoolean(),
                s.required("slidingWindow").asInt(),
                s.required("seed").asLong());
        JsonNode sequencesNode = root.required("sequences");
        int[][] sequences = new int[sequencesNode.size()][];
        for (int i = 0; i < sequences.length; i++) {
            JsonNode seq = sequencesNode.get(i);
            sequences[i] = new int[seq.size()];
            for (int p = 0; p < seq.size(); p++) {
                sequences[i][p] = seq.get(p).asInt();
            }
        }
        JsonNode ref = root.required("reference");
        JsonNode logitsNode = ref.required("logits");
        float[][][] logits = new float[logitsNode.size()][][];
        for (int i = 0; i < logits.length; i++) {
            JsonNode seq = logitsNode.get(i);
            logits[i] = new float[seq.size()][];
            for (int p = 0; p < seq.size(); p++) {
                JsonNode row = seq.get(p);
                logits[i][p] = new float[row.size()];
                for (int v = 0; v < row.size(); v++) {
                    logits[i][p][v] = (float) row.get(v).asDouble();
                }
            }
        }
        JsonNode edits = root.path("configEdits");
        return new ReferenceFixture(
                root.required("name").asString(),
                root.path("description").asString(""),
                spec,
                TensorDType.valueOf(root.required("dtype").asString()),
                edits.isObject() ? (ObjectNode) edits : JSON.createObjectNode(),
                sequences,
                ref.required("output").asString(),
                ref.path("method").asString("full-sequence"),
                logits);
    }

    /** Writes the checkpoint into {@code folder} as the fixture's generator did, config edits included. */
    Path writeCheckpoint(Path folder) {
        return writeCheckpoint(folder, configEdits);
    }

    /** As {@link #writeCheckpoint(Path)} with other config edits (top-level keys replaced; null removes). */
    Path writeCheckpoint(Path folder, ObjectNode edits) {
        try {
            spec.write(folder, dtype);
            Path configFile = folder.resolve("config.json");
            ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(configFile));
            for (Map.Entry<String, JsonNode> edit : edits.properties()) {
                if (edit.getValue().isNull()) {
                    config.remove(edit.getKey());
                } else {
                    config.set(edit.getKey(), edit.getValue());
                }
            }
            Files.writeString(configFile, config.toPrettyString());
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path folder() {
        URL url = ReferenceFixture.class.getClassLoader().getResource(FOLDER);
        if (url == null) {
            throw new IllegalStateException("no " + FOLDER + "/ folder on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
