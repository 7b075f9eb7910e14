package io.pluralign.servicekit.web;

import io.pluralign.contracts.http.OpenAiErrorTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ProblemDetail;

/**
 * Every problem this platform returns also carries OpenAI's error object ({@code {"error": {"message", "type",
 * "param", "code"}}}), so OpenAI SDKs report our errors as they report OpenAI's, while the rest of the body stays RFC
 * 9457 problem details. A thrower may name the offending parameter and an error code with the problem properties
 * {@value #PARAM} and {@value #CODE}; otherwise the first field of the {@code errors} list is the parameter.
 */
public final class OpenAiErrors {
    public static final String PARAM = "param";
    public static final String CODE = "code";

    private OpenAiErrors() {}

    /** The OpenAI error type for an HTTP status. */
    public static String type(int status) {
        return OpenAiErrorTypes.forStatus(status);
    }

    /** Adds the {@code error} object to {@code problem}, unless it has one. */
    static void add(ProblemDetail problem) {
        Map<String, Object> properties = problem.getProperties();
        if (properties != null && properties.containsKey("error")) {
            return;
        }
        Object param = properties == null ? null : properties.get(PARAM);
        if (param == null && properties != null && properties.get("errors") instanceof List<?> errors) {
            if (!errors.isEmpty() && errors.get(0) instanceof Map<?, ?> first) {
                param = first.get("field");
            }
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", problem.getDetail() != null ? problem.getDetail() : String.valueOf(problem.getTitle()));
        error.put("type", type(problem.getStatus()));
        error.put("param", param);
        error.put("code", properties == null ? null : properties.get(CODE));
        problem.setProperty("error", error);
    }
}
