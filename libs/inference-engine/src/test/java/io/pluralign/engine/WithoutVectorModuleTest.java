package io.pluralign.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.engine.model.cpu.CpuKernels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} (as a service might be) still generates, on the
 * tensor path: the engine never touches the Vector API there.
 */
class WithoutVectorModuleTest {

    private static final int TOKENS = 8;

    @TempDir
    Path dir;

    @Test
    void anEngineInAJvmWithoutTheModuleGeneratesOnTheTensorPath() throws Exception {
        Path folder = TinyModels.write("llama", dir.resolve("llama"));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName(),
                folder.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        try (LanguageModel model = LanguageModel.load(folder)) {
            String expected = Arrays.stream(GenerationEngineTest.referenceGreedy(model, prompt(), TOKENS))
                    .mapToObj(String::valueOf)
                    .collect(Collectors.joining(","));
            assertThat(output).contains("kernels available: false").contains("tokens: " + expected);
        }
    }

    private static int[] prompt() {
        return BatchRunnerTest.randomTokens(6, 77);
    }

    /** Runs in the child JVM: greedy generation from the folder in args[0]. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            System.out.println("kernels available: " + CpuKernels.available());
            try (LanguageModel model = LanguageModel.load(Path.of(args[0]));
                    GenerationEngine engine =
                            new GenerationEngine(model, EngineOptions.defaults().withMaxLength(32))) {
                GenerationResult result = engine.submit(
                                new GenerationRequest(prompt(), SamplingParams.greedy(TOKENS), null),
                                TokenListener.NONE)
                        .result()
                        .get(60, TimeUnit.SECONDS);
                System.out.println("tokens: "
                        + Arrays.stream(result.tokens())
                                .mapToObj(String::valueOf)
                                .collect(Collectors.joining(",")));
            }
        }
    }
}
