package io.pluralign.steering.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The concepts that ship with the service: {@code classpath:concepts/*.json}, one file per concept. */
public final class BuiltInConcepts {
    private BuiltInConcepts() {}

    public static List<ConceptDefinition> load() {
        JsonMapper json = JsonMapper.builder().build();
        List<ConceptDefinition> out = new ArrayList<>();
        try {
            Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath:concepts/*.json");
            for (Resource file : files) {
                try (InputStream in = file.getInputStream()) {
                    out.add(read(json.readTree(in)));
                } catch (RuntimeException e) {
                    throw new IllegalStateException(
                            "built-in concept " + file.getFilename() + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(ConceptDefinition::id));
        return out;
    }

    /** Contrast pairs from a JSON array of {system, prompt, positive, negative} (the files' and the store's form). */
    public static List<ContrastPair> pairs(JsonNode array) {
        List<ContrastPair> pairs = new ArrayList<>();
        for (JsonNode p : array) {
            pairs.add(new ContrastPair(
                    textOrNull(p, "system"),
                    textOrNull(p, "prompt"),
                    p.path("positive").asString(),
                    p.path("negative").asString()));
        }
        return pairs;
    }

    static ConceptDefinition read(JsonNode root) {
        List<ContrastPair> pairs = pairs(root.path("pairs"));
        return new ConceptDefinition(
                ConceptDefinition.BUILT_IN,
                root.path("id").asString(),
                1,
                root.path("description").asString(),
                textOrNull(root, "positive"),
                textOrNull(root, "negative"),
                ConceptDefinition.ORIGIN_BUILT_IN,
                pairs,
                null);
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
