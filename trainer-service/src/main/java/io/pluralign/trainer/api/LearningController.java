package io.pluralign.trainer.api;

import io.pluralign.alignment.pal.PalModel;
import io.pluralign.servicekit.web.Blocking;
import io.pluralign.servicekit.web.Caller;
import io.pluralign.trainer.store.LearningStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/feedback/users/{userId}}: what the learner holds for one of the caller's users: their feedback by
 * state, and the PAL weights learned from it under which reward model version.
 */
@RestController
class LearningController {
    private final LearningStore store;

    LearningController(LearningStore store) {
        this.store = store;
    }

    @GetMapping("/v1/feedback/users/{userId}")
    Mono<Map<String, Object>> user(@PathVariable String userId, Caller caller) {
        return Blocking.call(() -> {
            LearningStore.UserState state = store.userState(caller.tenantId(), userId);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("userId", userId);
            out.put(
                    "feedback",
                    Map.of(
                            "pending", state.pending(),
                            "resolved", state.resolved(),
                            "rejected", state.rejected(),
                            "erased", state.erased(),
                            "learned", state.learned()));
            if (state.theta() != null) {
                out.put("rewardModelVersion", state.modelVersion());
                out.put("comparisons", state.comparisons());
                out.put(
                        "palWeights",
                        Arrays.stream(PalModel.weights(state.theta())).boxed().toList());
            }
            return out;
        });
    }
}
