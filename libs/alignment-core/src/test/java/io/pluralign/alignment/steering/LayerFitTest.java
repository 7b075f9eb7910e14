package io.pluralign.alignment.steering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LayerFitTest {
    private final LayerFit fit = new LayerFit(1, new float[] {3, 4, 0}, new float[] {3, 4, 0}, 0.9, 0.9, 2, 6, 2, 10);

    @Test
    void readingPlacesTheTrainingPolesAtPlusAndMinusOne() {
        // unit direction (0.6, 0.8, 0): a projection of 6 is the positives' mean, 2 the negatives'
        assertThat(fit.read(new float[] {3.6f, 4.8f, 7})).isCloseTo(1, within(1e-6));
        assertThat(fit.read(new float[] {1.2f, 1.6f, -7})).isCloseTo(-1, within(1e-6));
    }
}
