package io.pluralign.steering.api;

import io.pluralign.contracts.events.GenerationCompleted;
import io.pluralign.servicekit.web.InvalidInput;
import io.pluralign.steering.domain.UserSteering;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads chat and text completion requests the way the OpenAI API does: the same parameters, ranges and defaults, an
 * error naming the parameter for anything out of range, and a clear refusal of features this server does not have
 * (tools, logprobs, penalties) rather than silently ignoring them.
 */
final class OpenAiRequestReader {
    static final int MAX_CHOICES = 16;
    static final int MAX_STOP = 4;
    static final int MAX_USER = 256;

    private static final Set<String> COMMON = Set.of(
            "model",
            "max_tokens",
            "temperature",
            "top_p",
            "n",
            "seed",
            "stop",
            "stream",
            "stream_options",
            "user",
            "steering",
            "rerank",
            "presence_penalty",
            "frequency_penalty",
            "logit_bias",
            "logprobs");
    private static final Set<String> CHAT = Set.of(
            "messages",
            "max_completion_tokens",
            "top_logprobs",
            "response_format",
            "tools",
            "tool_choice",
            "functions",
            "function_call",
            "parallel_tool_calls");
    private static final Set<String> TEXT = Set.of("prompt", "echo", "suffix", "best_of");
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

    private OpenAiRequestReader() {}

    static OpenAiRequest chat(JsonNode body) {
        InvalidInput errors = new InvalidInput();
        requireObject(body, errors);
        unknownFields(body, CHAT, errors);
        List<GenerationCompleted.Message> messages = messages(body.get("messages"), errors);
        unsupported(body, "tools", errors);
        unsupported(body, "functions", errors);
        unsupported(body, "tool_choice", errors);
        unsupported(body, "function_call", errors);
        unsupported(body, "top_logprobs", errors);
        JsonNode format = body.get("response_format");
        if (format != null
                && !format.isNull()
                && !"text".equals(format.path("type").asString(""))) {
            errors.add("response_format", "only {\"type\": \"text\"} is supported");
        }
        Integer maxTokens = positiveInt(body, "max_completion_tokens", errors);
        if (maxTokens == null) {
            maxTokens = positiveInt(body, "max_tokens", errors);
        }
        return common(body, messages, null, maxTokens, false, errors);
    }

    static OpenAiRequest completion(JsonNode body) {
        InvalidInput errors = new InvalidInput();
        requireObject(body, errors);
        unknownFields(body, TEXT, errors);
        List<String> prompts = new ArrayList<>();
        JsonNode prompt = body.get("prompt");
        if (prompt == null || prompt.isNull()) {
            errors.add("prompt", "is required");
        } else if (prompt.isString()) {
            prompts.add(prompt.asString());
        } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isString()) {
            for (JsonNode p : prompt) {
                if (!p.isString()) {
                    errors.add("prompt", "must be a string or an array of strings");
                    break;
                }
                prompts.add(p.asString());
            }
        } else {
            errors.add("prompt", "must be a string or an array of strings (token arrays are not supported)");
        }
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).isEmpty()) {
                errors.add("prompt" + (prompt != null && prompt.isArray() ? "[" + i + "]" : ""), "must not be empty");
            }
        }
        JsonNode suffix = body.get("suffix");
        if (suffix != null && !suffix.isNull()) {
            errors.add("suffix", "is not supported");
        }
        JsonNode bestOf = body.get("best_of");
        if (bestOf != null && !bestOf.isNull() && !(bestOf.canConvertToInt() && bestOf.asInt() == 1)) {
            errors.add("best_of", "only 1 is supported");
        }
        boolean echo = bool(body, "echo", false, errors);
        Integer maxTokens = positiveInt(body, "max_tokens", errors);
        return common(body, null, prompts, maxTokens, echo, errors);
    }

    private static OpenAiRequest common(
            JsonNode body,
            List<GenerationCompleted.Message> messages,
            List<String> prompts,
            Integer maxTokens,
            boolean echo,
            InvalidInput errors) {
        String model = null;
        JsonNode m = body.get("model");
        if (m == null || m.isNull()) {
            errors.add("model", "is required");
        } else if (!m.isString() || m.asString().isBlank()) {
            errors.add("model", "must be a model id");
        } else {
            model = m.asString();
        }
        float temperature = number(body, "temperature", 1, 0, 2, errors);
        float topP = number(body, "top_p", 1, 0, 1, errors);
        if (topP == 0) {
            errors.add("top_p", "must be greater than 0");
        }
        int n = 1;
        JsonNode nNode = body.get("n");
        if (nNode != null && !nNode.isNull()) {
            if (!nNode.canConvertToInt()
                    || !nNode.isIntegralNumber()
                    || nNode.asInt() < 1
                    || nNode.asInt() > MAX_CHOICES) {
                errors.add("n", "must be an integer from 1 to " + MAX_CHOICES);
            } else {
                n = nNode.asInt();
            }
        }
        Long seed = null;
        JsonNode s = body.get("seed");
        if (s != null && !s.isNull()) {
            if (!s.isIntegralNumber() || !s.canConvertToLong()) {
                errors.add("seed", "must be an integer");
            } else {
                seed = s.asLong();
            }
        }
        List<String> stop = stop(body.get("stop"), errors);
        boolean stream = bool(body, "stream", false, errors);
        boolean includeUsage = false;
        JsonNode options = body.get("stream_options");
        if (options != null && !options.isNull()) {
            if (!stream) {
                errors.add("stream_options", "is only allowed when stream is true");
            } else if (!options.isObject()) {
                errors.add("stream_options", "must be an object");
            } else {
                includeUsage = options.path("include_usage").asBoolean(false);
            }
        }
        String user = null;
        JsonNode u = body.get("user");
        if (u != null && !u.isNull()) {
            if (!u.isString() || u.asString().isBlank() || u.asString().length() > MAX_USER) {
                errors.add("user", "must be a non-empty string of at most " + MAX_USER + " characters");
            } else {
                user = u.asString();
            }
        }
        for (String penalty : List.of("presence_penalty", "frequency_penalty")) {
            JsonNode p = body.get(penalty);
            if (p != null && !p.isNull() && (!p.isNumber() || p.asDouble() != 0)) {
                errors.add(penalty, "is not supported (only 0)");
            }
        }
        JsonNode bias = body.get("logit_bias");
        if (bias != null && !bias.isNull() && !(bias.isObject() && bias.isEmpty())) {
            errors.add("logit_bias", "is not supported");
        }
        JsonNode logprobs = body.get("logprobs");
        if (logprobs != null && !logprobs.isNull() && !(logprobs.isBoolean() && !logprobs.asBoolean())) {
            errors.add("logprobs", "is not supported");
        }
        UserSteering.Request steering = steering(body.get("steering"), errors);
        boolean rerank = false;
        JsonNode r = body.get("rerank");
        if (r != null && !r.isNull()) {
            if (!r.isString() || !Set.of("user", "none").contains(r.asString())) {
                errors.add("rerank", "must be \"user\" (order the choices by the user's reward) or \"none\"");
            } else if (r.asString().equals("user")) {
                rerank = true;
                if (n < 2) {
                    errors.add("rerank", "needs n of at least 2: it orders the n choices by the user's reward");
                }
                if (stream) {
                    errors.add("rerank", "cannot be used with stream: every choice must be complete to be ranked");
                }
                if (user == null) {
                    errors.add("rerank", "needs user: the choices are ranked by that user's reward");
                }
            }
        }
        errors.throwIfAny();
        return new OpenAiRequest(
                model,
                messages,
                prompts,
                maxTokens,
                temperature,
                topP,
                n,
                seed,
                stop,
                stream,
                includeUsage,
                user,
                steering,
                echo,
                rerank);
    }

    private static void requireObject(JsonNode body, InvalidInput errors) {
        if (body == null || !body.isObject()) {
            errors.add("body", "must be a JSON object");
            errors.throwIfAny();
        }
    }

    private static void unknownFields(JsonNode body, Set<String> endpoint, InvalidInput errors) {
        for (String field : body.propertyNames()) {
            if (!COMMON.contains(field) && !endpoint.contains(field)) {
                errors.add(field, "is not a recognized request argument");
            }
        }
    }

    private static void unsupported(JsonNode body, String field, InvalidInput errors) {
        JsonNode v = body.get(field);
        if (v != null && !v.isNull() && !(v.isArray() && v.isEmpty())) {
            errors.add(field, "is not supported by this server");
        }
    }

    private static List<GenerationCompleted.Message> messages(JsonNode node, InvalidInput errors) {
        List<GenerationCompleted.Message> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            errors.add("messages", "is required");
            return out;
        }
        if (!node.isArray() || node.isEmpty()) {
            errors.add("messages", "must be a non-empty array of messages");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode message = node.get(i);
            String at = "messages[" + i + "]";
            if (!message.isObject()) {
                errors.add(at, "must be an object with role and content");
                continue;
            }
            String role = message.path("role").asString("");
            if (!ROLES.contains(role)) {
                errors.add(
                        at + ".role",
                        role.isEmpty() || role.equals("tool") || role.equals("function")
                                ? "must be one of system, developer, user, assistant (tools are not supported)"
                                : "'" + role + "' is not one of system, developer, user, assistant");
                continue;
            }
            String content = content(message.get("content"), at + ".content", errors);
            if (content != null) {
                out.add(new GenerationCompleted.Message(role.equals("developer") ? "system" : role, content));
            }
        }
        if (!out.isEmpty() && out.stream().noneMatch(msg -> msg.role().equals("user"))) {
            errors.add("messages", "must contain at least one user message");
        }
        return out;
    }

    private static String content(JsonNode node, String at, InvalidInput errors) {
        if (node == null || node.isNull()) {
            errors.add(at, "is required");
            return null;
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isArray()) {
            StringBuilder text = new StringBuilder();
            for (int j = 0; j < node.size(); j++) {
                JsonNode part = node.get(j);
                if (!"text".equals(part.path("type").asString(""))
                        || !part.path("text").isString()) {
                    errors.add(at + "[" + j + "]", "only text parts are supported");
                    return null;
                }
                text.append(part.path("text").asString());
            }
            return text.toString();
        }
        errors.add(at, "must be a string or an array of text parts");
        return null;
    }

    private static List<String> stop(JsonNode node, InvalidInput errors) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isString()) {
            out.add(node.asString());
        } else if (node.isArray()) {
            for (JsonNode s : node) {
                if (!s.isString()) {
                    errors.add("stop", "must be a string or an array of strings");
                    return out;
                }
                out.add(s.asString());
            }
        } else {
            errors.add("stop", "must be a string or an array of strings");
        }
        if (out.size() > MAX_STOP) {
            errors.add("stop", "may hold at most " + MAX_STOP + " sequences");
        }
        if (out.stream().anyMatch(String::isEmpty)) {
            errors.add("stop", "sequences must not be empty");
        }
        return out;
    }

    private static UserSteering.Request steering(JsonNode node, InvalidInput errors) {
        if (node == null || node.isNull()) {
            return UserSteering.Request.DEFAULT;
        }
        if (!node.isObject()) {
            errors.add("steering", "must be an object with enabled, scale and concepts");
            return UserSteering.Request.DEFAULT;
        }
        for (String field : node.propertyNames()) {
            if (!Set.of("enabled", "scale", "concepts").contains(field)) {
                errors.add("steering." + field, "is not a recognized steering option (enabled, scale, concepts)");
            }
        }
        boolean enabled = bool(node, "enabled", "steering.enabled", true, errors);
        double scale = number(node, "scale", "steering.scale", 1, 0, 2, errors);
        Map<String, Double> concepts = new LinkedHashMap<>();
        JsonNode c = node.get("concepts");
        if (c != null && !c.isNull()) {
            if (!c.isObject()) {
                errors.add("steering.concepts", "must map concept ids to coefficients");
            } else {
                for (String id : c.propertyNames()) {
                    JsonNode v = c.get(id);
                    if (!v.isNumber() || !(Math.abs(v.asDouble()) <= 1)) {
                        errors.add("steering.concepts." + id, "must be a number from -1 to 1");
                    } else {
                        concepts.put(id, v.asDouble());
                    }
                }
            }
        }
        return new UserSteering.Request(enabled, scale, concepts);
    }

    private static Integer positiveInt(JsonNode body, String field, InvalidInput errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            errors.add(field, "must be a positive integer");
            return null;
        }
        return v.asInt();
    }

    private static float number(
            JsonNode body, String field, float fallback, float min, float max, InvalidInput errors) {
        return number(body, field, field, fallback, min, max, errors);
    }

    /** {@code param} is how errors name the field (its path in the request). */
    private static float number(
            JsonNode body, String field, String param, float fallback, float min, float max, InvalidInput errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            errors.add(param, "must be a number from " + fmt(min) + " to " + fmt(max));
            return fallback;
        }
        return (float) v.asDouble();
    }

    private static String fmt(float f) {
        return f == Math.rint(f) ? Integer.toString((int) f) : Float.toString(f);
    }

    private static boolean bool(JsonNode body, String field, boolean fallback, InvalidInput errors) {
        return bool(body, field, field, fallback, errors);
    }

    private static boolean bool(JsonNode body, String field, String param, boolean fallback, InvalidInput errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            errors.add(param, "must be true or false");
            return fallback;
        }
        return v.asBoolean();
    }
}
