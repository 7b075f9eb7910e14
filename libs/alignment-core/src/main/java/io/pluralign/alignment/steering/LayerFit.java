package io.pluralign.alignment.steering;

/**
 * What a concept's contrast pairs say about one layer of a model.
 *
 * @param layer the transformer block whose output was read (0 is the first)
 * @param meanDifference CAA: the mean over training pairs of (positive minus negative) activation
 * @param principalDirection RepE: the first principal component of those differences, oriented so that positives
 *     project above negatives and scaled to the differences' mean projection on it (so it is comparable to CAA)
 * @param meanDifferenceAccuracy fraction of held-out pairs whose positive projects above its negative on the CAA
 *     direction (0.5 is chance)
 * @param principalAccuracy the same on the RepE direction
 * @param effectSize held-out mean projection of the differences on the CAA direction over their standard deviation
 * @param positiveProjection mean projection of the training positives on the unit CAA direction
 * @param negativeProjection the same for the negatives; a text reads as the concept by where it falls between them
 * @param typicalNorm the typical norm of one token's residual stream at this layer, the scale steering is measured in
 */
public record LayerFit(
        int layer,
        float[] meanDifference,
        float[] principalDirection,
        double meanDifferenceAccuracy,
        double principalAccuracy,
        double effectSize,
        double positiveProjection,
        double negativeProjection,
        double typicalNorm) {

    public LayerFit {
        if (meanDifference.length != principalDirection.length) {
            throw new IllegalArgumentException("CAA and RepE vectors differ in length");
        }
        meanDifference = meanDifference.clone();
        principalDirection = principalDirection.clone();
    }

    @Override
    public float[] meanDifference() {
        return meanDifference.clone();
    }

    @Override
    public float[] principalDirection() {
        return principalDirection.clone();
    }

    /** The vector of {@code method}. */
    public float[] vector(Method method) {
        return method == Method.MEAN_DIFFERENCE ? meanDifference() : principalDirection();
    }

    /**
     * How strongly an activation expresses the concept: its projection on the unit CAA direction, placed on the scale
     * where the training negatives average -1 and the positives +1.
     */
    public double read(float[] activation) {
        double gap = positiveProjection - negativeProjection;
        double projection = Vectors.dot(activation, Vectors.unit(meanDifference));
        return gap == 0 ? 0 : (2 * projection - positiveProjection - negativeProjection) / gap;
    }

    /** How a concept's direction is read from its contrast differences. */
    public enum Method {
        /** Contrastive activation addition: the mean difference. */
        MEAN_DIFFERENCE,
        /** Representation engineering: the first principal component of the differences. */
        PRINCIPAL_COMPONENT
    }
}
