package io.pluralign.servicekit.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Collects what is wrong with a request body, field by field, and fails as one 400 problem+json whose {@code errors}
 * list names each field (the same shape as bean-validation errors), so a client can fix everything in one round.
 */
public final class InvalidInput {

    private final List<Map<String, Object>> errors = new ArrayList<>();

    /** Records that {@code field} (a JSON path such as {@code bigFive.openness}) is wrong, and why. */
    public void add(String field, String message) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("field", field);
        entry.put("message", message);
        errors.add(entry);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Throws the collected errors as a 400, if there are any. */
    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        ApiException problem = new ApiException(HttpStatus.BAD_REQUEST, "invalid request");
        describe(problem.getBody(), errors);
        throw problem;
    }

    /** Fills {@code problem} with the field errors: a detail listing them and an {@code errors} property. */
    static void describe(ProblemDetail problem, List<Map<String, Object>> errors) {
        problem.setTitle("Invalid request");
        problem.setDetail("invalid request: "
                + String.join(
                        "; ",
                        errors.stream()
                                .map(e -> e.get("field") + " " + e.get("message"))
                                .toList()));
        problem.setProperty("errors", List.copyOf(errors));
    }
}
