/**
 * Decode steps of few rows in plain Java on the CPU: matrix-vector kernels on the incubating Vector API reading the
 * model's weights and KV cache in place, and a small team of threads to split them. A step of one row reads every
 * weight once, so its speed is memory bandwidth; PyTorch's CPU matrix-vector kernels reach about half of it and pay
 * ~10 us per op on top (docs/benchmarks.md). Only available when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; {@link io.pluralign.engine.model.cpu.CpuKernels#available()} says.
 */
package io.pluralign.engine.model.cpu;
