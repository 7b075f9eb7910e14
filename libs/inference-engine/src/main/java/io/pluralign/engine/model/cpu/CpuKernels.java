package io.pluralign.engine.model.cpu;

import java.util.Optional;

/**
 * Whether the CPU kernels can run in this JVM. This class never touches the Vector API itself, so asking is safe
 * without the module.
 */
public final class CpuKernels {

    private static final String MODULE = "jdk.incubator.vector";
    private static final boolean AVAILABLE =
            ModuleLayer.boot().findModule(MODULE).isPresent();

    private CpuKernels() {}

    /** True when the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** Why the kernels are off, or empty when they are available. */
    public static Optional<String> unavailableReason() {
        return AVAILABLE
                ? Optional.empty()
                : Optional.of("the JVM runs without --add-modules " + MODULE
                        + ", so few-row decode steps use PyTorch's kernels (about half the speed at batch 1)");
    }

    /**
     * Why a decoder whose weights take {@code heapBytes} on the heap cannot be built now, or empty when it can: the
     * module must be there and the copy must fit in 80 % of the heap still free.
     */
    public static Optional<String> unavailableReason(long heapBytes) {
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (AVAILABLE && heapBytes > free * 0.8) {
            return Optional.of("the CPU decoder's copy of the weights (" + (heapBytes >> 20) + " MiB) does not fit the"
                    + " free Java heap (" + (free >> 20) + " MiB; raise -Xmx), so decode steps use PyTorch's kernels");
        }
        return unavailableReason();
    }
}
