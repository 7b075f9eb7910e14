package io.pluralign.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pluralign.engine.model.cpu.CpuKernels;
import io.pluralign.engine.model.cpu.ThreadTeam;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's memory bandwidth for {@link EngineBenchmark}: the fastest of three ways to read 512 MiB of floats
 * (PyTorch's sum; Java Vector API sums on every core from native memory, as the CPU decoder reads the KV cache, and
 * from a heap array, as it reads weights). Sampled between timed rounds, so the bound a round is compared with was
 * measured moments before it.
 */
final class MemoryBandwidth implements AutoCloseable {

    /** One sample in bytes/s; {@code best} is the largest of the three. */
    record Sample(double torch, double javaNative, double javaHeap) {
        double best() {
            return Math.max(torch, Math.max(javaNative, javaHeap));
        }
    }

    private static final int FLOATS = 1 << 27; // 512 MiB
    private static final int CHUNKS = 1 << 13; // 64 KiB each
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private final NDManager manager = NDManager.newBaseManager(LanguageModel.device());
    private final NDArray torchFloats = manager.ones(new Shape(FLOATS));
    private final ByteBuffer nativeFloats;
    private final float[] heapFloats;
    private final ThreadTeam team = new ThreadTeam(Runtime.getRuntime().availableProcessors(), "bandwidth");
    private final double[] partial = new double[CHUNKS];

    MemoryBandwidth() {
        boolean vectors = CpuKernels.available();
        nativeFloats = vectors ? ByteBuffer.allocateDirect(FLOATS * Float.BYTES).order(ByteOrder.nativeOrder()) : null;
        heapFloats = vectors ? new float[FLOATS] : null;
        for (int warm = 0; warm < 3; warm++) {
            sample();
        }
    }

    Sample sample() {
        long start = System.nanoTime();
        try (NDArray sum = torchFloats.sum()) {
            sum.getFloat();
        }
        double torch = rate(start);
        if (heapFloats == null) {
            return new Sample(torch, 0, 0);
        }
        int chunk = FLOATS / CHUNKS;
        start = System.nanoTime();
        team.run(CHUNKS, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                partial[c] = sum(nativeFloats, c * chunk, (c + 1) * chunk);
            }
        });
        double javaNative = rate(start);
        start = System.nanoTime();
        team.run(CHUNKS, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                partial[c] = sum(heapFloats, c * chunk, (c + 1) * chunk);
            }
        });
        return new Sample(torch, javaNative, rate(start));
    }

    private static double rate(long start) {
        return (double) FLOATS * Float.BYTES / ((System.nanoTime() - start) / 1e9);
    }

    /** Floats [from, to) of native memory added up, four vectors at a time. */
    private static double sum(ByteBuffer buffer, int from, int to) {
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int step = SPECIES.length();
        ByteOrder order = ByteOrder.nativeOrder();
        for (int i = from; i < to; i += 4 * step) {
            a0 = a0.add(FloatVector.fromByteBuffer(SPECIES, buffer, i * Float.BYTES, order));
            a1 = a1.add(FloatVector.fromByteBuffer(SPECIES, buffer, (i + step) * Float.BYTES, order));
            a2 = a2.add(FloatVector.fromByteBuffer(SPECIES, buffer, (i + 2 * step) * Float.BYTES, order));
            a3 = a3.add(FloatVector.fromByteBuffer(SPECIES, buffer, (i + 3 * step) * Float.BYTES, order));
        }
        return a0.add(a1).add(a2).add(a3).reduceLanes(VectorOperators.ADD);
    }

    /** Floats [from, to) of a heap array added up, four vectors at a time. */
    private static double sum(float[] values, int from, int to) {
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int step = SPECIES.length();
        for (int i = from; i < to; i += 4 * step) {
            a0 = a0.add(FloatVector.fromArray(SPECIES, values, i));
            a1 = a1.add(FloatVector.fromArray(SPECIES, values, i + step));
            a2 = a2.add(FloatVector.fromArray(SPECIES, values, i + 2 * step));
            a3 = a3.add(FloatVector.fromArray(SPECIES, values, i + 3 * step));
        }
        return a0.add(a1).add(a2).add(a3).reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void close() {
        team.close();
        manager.close();
    }
}
