package io.pluralign.profile.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON Merge Patch (RFC 7386) and a field-level diff of two JSON documents. */
public final class JsonMerge {

    private JsonMerge() {}

    /**
     * {@code patch} applied to {@code target}: members of an object patch replace, add or (when null) remove the
     * target's members, recursively; any other patch replaces the target whole.
     */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), apply(result.get(member.getKey()), member.getValue()));
            }
        }
        return result;
    }

    /** One changed value: {@code path} like {@code bigFive.openness.value}; from/to null when absent. */
    public record Change(String path, JsonNode from, JsonNode to) {}

    /** The leaves (non-object values, arrays whole) that differ between two documents, in path order. */
    public static List<Change> diff(JsonNode before, JsonNode after) {
        List<Change> changes = new ArrayList<>();
        diff("", before, after, changes);
        return changes;
    }

    private static void diff(String path, JsonNode before, JsonNode after, List<Change> changes) {
        boolean beforeObject = before != null && before.isObject();
        boolean afterObject = after != null && after.isObject();
        if (beforeObject || afterObject) {
            TreeSet<String> names = new TreeSet<>();
            if (beforeObject) {
                names.addAll(before.propertyNames());
            }
            if (afterObject) {
                names.addAll(after.propertyNames());
            }
            for (String name : names) {
                diff(
                        path.isEmpty() ? name : path + "." + name,
                        beforeObject ? before.get(name) : null,
                        afterObject ? after.get(name) : null,
                        changes);
            }
            if (!(beforeObject && afterObject) && (isValue(before) || isValue(after))) {
                changes.add(new Change(path, beforeObject ? null : before, afterObject ? null : after));
            }
            return;
        }
        if (isValue(before) || isValue(after)) {
            if (!(isValue(before) && isValue(after) && before.equals(after))) {
                changes.add(new Change(path, isValue(before) ? before : null, isValue(after) ? after : null));
            }
        }
    }

    private static boolean isValue(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }
}
