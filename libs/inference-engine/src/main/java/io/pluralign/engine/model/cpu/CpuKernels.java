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
}
