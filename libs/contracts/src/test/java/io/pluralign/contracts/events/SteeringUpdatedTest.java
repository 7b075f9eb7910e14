package io.pluralign.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SteeringUpdatedTest {
    @Test
    void prototypeVectorsSurviveJsonExactly() {
        float[] v = {0.1f, -2.5f, Float.MIN_VALUE, 1e30f};
        SteeringUpdated update =
                new SteeringUpdated("t", "m@abc", 4, List.of(SteeringUpdated.Prototype.of(0, Map.of(3, v))));
        JsonMapper json = JsonMapper.shared();
        SteeringUpdated back = json.readValue(json.writeValueAsString(update), SteeringUpdated.class);
        assertThat(back.prototypes().get(0).vectors().get(3)).containsExactly(v);
        assertThat(back.rewardModelVersion()).isEqualTo(4);
    }
}
