package io.pluralign.engine.model;

import tools.jackson.databind.JsonNode;

/** Reading config.json fields with errors that name the field. */
public final class ConfigFields {

    private ConfigFields() {}

    public static int requireInt(JsonNode config, String field) {
        JsonNode node = config.get(field);
        if (node == null || !node.isIntegralNumber()) {
            throw new IllegalArgumentException("config.json: '" + field + "' is missing or not an integer");
        }
        return node.asInt();
    }

    public static int optInt(JsonNode config, String field, int fallback) {
        JsonNode node = config.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException("config.json: '" + field + "' is not an integer");
        }
        return node.asInt();
    }

    public static double optDouble(JsonNode config, String field, double fallback) {
        JsonNode node = config.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException("config.json: '" + field + "' is not a number");
        }
        return node.asDouble();
    }

    public static boolean optBoolean(JsonNode config, String field, boolean fallback) {
        JsonNode node = config.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw new IllegalArgumentException("config.json: '" + field + "' is not a boolean");
        }
        return node.asBoolean();
    }

    /** An int or a list of ints (eos_token_id is either); empty when absent. */
    public static int[] intOrList(JsonNode config, String field) {
        JsonNode node = config.get(field);
        if (node == null || node.isNull()) {
            return new int[0];
        }
        if (node.isIntegralNumber()) {
            return new int[] {node.asInt()};
        }
        if (node.isArray()) {
            int[] ids = new int[node.size()];
            for (int i = 0; i < ids.length; i++) {
                if (!node.get(i).isIntegralNumber()) {
                    throw new IllegalArgumentException("config.json: '" + field + "' holds a non-integer");
                }
                ids[i] = node.get(i).asInt();
            }
            return ids;
        }
        throw new IllegalArgumentException("config.json: '" + field + "' is neither an integer nor a list");
    }
}
