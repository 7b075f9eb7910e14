package io.pluralign.steering.domain;

import io.pluralign.alignment.steering.ContrastAnalysis;
import io.pluralign.alignment.steering.LayerFit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.DoubleConsumer;

/**
 * Computes a concept's vectors on the served model from its contrast pairs: each answer's token-mean activation at
 * every layer, then per layer the mean difference and first principal component, their held-out separability, and
 * the layers to steer.
 */
public final class ConceptComputer {
    private final ActivationReader reader;
    private final ResidualNorms norms;
    private final int maxLayers;

    /** @param maxLayers layers a concept steers at most, 0 for a third of the model's layers */
    public ConceptComputer(ActivationReader reader, ResidualNorms norms, int maxLayers) {
        this.reader = reader;
        this.norms = norms;
        this.maxLayers = maxLayers > 0 ? maxLayers : ContrastAnalysis.defaultMaxLayers(reader.numLayers());
    }

    /** Computes; {@code progress} hears the fraction of pairs read so far. */
    public ConceptVectors compute(ConceptDefinition concept, DoubleConsumer progress) {
        int[] layers = reader.allLayers();
        List<List<float[]>> positives = new ArrayList<>();
        List<List<float[]>> negatives = new ArrayList<>();
        for (int l = 0; l < layers.length; l++) {
            positives.add(new ArrayList<>());
            negatives.add(new ArrayList<>());
        }
        List<ContrastPair> pairs = concept.pairs();
        for (int i = 0; i < pairs.size(); i++) {
            ContrastPair p = pairs.get(i);
            ActivationReader.Answer positive = new ActivationReader.Answer(p.system(), p.prompt(), p.positive());
            ActivationReader.Answer negative = new ActivationReader.Answer(p.system(), p.prompt(), p.negative());
            if (!reader.fits(positive) || !reader.fits(negative)) {
                continue; // longer than this model's context: the pair says nothing here
            }
            float[][] up = reader.answerMean(positive, layers);
            float[][] down = reader.answerMean(negative, layers);
            for (int l = 0; l < layers.length; l++) {
                positives.get(l).add(up[l]);
                negatives.get(l).add(down[l]);
            }
            progress.accept((i + 1.0) / pairs.size());
        }
        if (positives.get(0).size() < ContrastAnalysis.HELD_OUT_EVERY) {
            throw new IllegalArgumentException("only " + positives.get(0).size() + " of " + pairs.size()
                    + " contrast pairs fit the model's context; at least " + ContrastAnalysis.HELD_OUT_EVERY
                    + " are needed");
        }
        TreeMap<Integer, LayerFit> fits = new TreeMap<>();
        for (int l = 0; l < layers.length; l++) {
            fits.put(l, ContrastAnalysis.fit(l, positives.get(l), negatives.get(l), norms.at(l)));
        }
        int[] chosen = ContrastAnalysis.chooseLayers(List.copyOf(fits.values()), maxLayers);
        return new ConceptVectors(concept.owner(), concept.id(), concept.version(), fits, chosen, false);
    }
}
