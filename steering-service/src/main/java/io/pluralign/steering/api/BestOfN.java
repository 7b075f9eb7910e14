package io.pluralign.steering.api;

import io.pluralign.contracts.events.GenerationCompleted;
import io.pluralign.servicekit.peer.PeerCallException;
import io.pluralign.servicekit.peer.PeerClient;
import io.pluralign.servicekit.peer.PeerProperties;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Best-of-n ({@code "rerank": "user"}): a prompt's n choices ordered by the user's reward from reward-service, highest
 * first, each with its {@code reward}. When the tenant has no reward model yet, or reward-service is away, the choices
 * keep their order and {@code rerank} in the response says why: the answers are still good answers.
 */
@Component
class BestOfN {
    private static final Logger log = LoggerFactory.getLogger(BestOfN.class);

    private final PeerClient peers;
    private final PeerProperties where;

    BestOfN(PeerClient peers, PeerProperties where) {
        this.peers = peers;
        this.where = where;
    }

    /**
     * Reorders {@code root}'s choices, {@code n} per prompt, and re-indexes them.
     *
     * @param prompts each prompt's messages, in the order of the choices' groups
     */
    void rerank(ObjectNode root, int n, List<List<GenerationCompleted.Message>> prompts, String tenant, String user) {
        ArrayNode choices = (ArrayNode) root.get("choices");
        List<JsonNode> ordered = new ArrayList<>();
        ObjectNode report = root.putObject("rerank");
        report.put("by", "user");
        try {
            for (int p = 0; p < prompts.size(); p++) {
                List<ObjectNode> group = new ArrayList<>();
                for (int i = p * n; i < (p + 1) * n; i++) {
                    group.add((ObjectNode) choices.get(i));
                }
                JsonNode scored =
                        peers.post(where.reward(), "/v1/rewards/score", tenant, body(prompts.get(p), user, group));
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).put("reward", scored.path("rewards").get(i).asDouble());
                }
                group.sort(Comparator.comparingDouble(
                                (ObjectNode c) -> c.path("reward").asDouble())
                        .reversed());
                ordered.addAll(group);
                report.put(
                        "rewardModelVersion", scored.path("rewardModelVersion").asLong());
                report.put("weights", scored.path("weights").path("source").asString());
            }
        } catch (PeerCallException e) {
            log.info("choices not reranked for {}:{}: {}", tenant, user, e.getMessage());
            report.put("applied", false);
            report.put(
                    "reason",
                    e.status() == 409
                            ? "the tenant has no reward model yet"
                            : "the reward service is unavailable (" + e.status() + ")");
            choices.forEach(c -> ((ObjectNode) c).remove("reward"));
            return;
        }
        report.put("applied", true);
        choices.removeAll();
        for (int i = 0; i < ordered.size(); i++) {
            ((ObjectNode) ordered.get(i)).put("index", i);
            choices.add(ordered.get(i));
        }
    }

    private static Map<String, Object> body(
            List<GenerationCompleted.Message> messages, String user, List<ObjectNode> group) {
        String system = null;
        String prompt = "";
        for (GenerationCompleted.Message m : messages) {
            if (("system".equals(m.role()) || "developer".equals(m.role())) && system == null) {
                system = m.content();
            } else if ("user".equals(m.role())) {
                prompt = m.content();
            }
        }
        List<String> responses = new ArrayList<>();
        for (ObjectNode c : group) {
            responses.add(
                    c.has("message")
                            ? c.path("message").path("content").asString()
                            : c.path("text").asString());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user);
        if (system != null) {
            body.put("system", system);
        }
        body.put("prompt", prompt);
        body.put("responses", responses);
        return body;
    }
}
