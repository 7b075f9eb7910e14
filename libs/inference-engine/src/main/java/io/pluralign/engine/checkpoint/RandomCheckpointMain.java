package io.pluralign.engine.checkpoint;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a random-weight checkpoint folder from the command line, e.g. the ~100M-parameter Llama of the benchmark:
 * {@code --family llama --vocab 32000 --hidden 768 --layers 12 --heads 12 --kv-heads 12 --ffn 2048 --max-positions 2048
 * --seed 1 --dtype F32 --out target/llama-100m}. Flags left out take the tiny test sizes.
 */
public final class RandomCheckpointMain {

    private RandomCheckpointMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --flag value pairs, got " + args[i]);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        if (!a.containsKey("out")) {
            throw new IllegalArgumentException("--out FOLDER is required");
        }
        RandomCheckpoint spec = new RandomCheckpoint(
                a.getOrDefault("family", "llama"),
                Integer.parseInt(a.getOrDefault("vocab", "97")),
                Integer.parseInt(a.getOrDefault("hidden", "64")),
                Integer.parseInt(a.getOrDefault("layers", "2")),
                Integer.parseInt(a.getOrDefault("heads", "4")),
                Integer.parseInt(a.getOrDefault("kv-heads", "2")),
                Integer.parseInt(a.getOrDefault("ffn", "96")),
                Integer.parseInt(a.getOrDefault("max-positions", "64")),
                Boolean.parseBoolean(a.getOrDefault("tied", "false")),
                Integer.parseInt(a.getOrDefault("window", "0")),
                Long.parseLong(a.getOrDefault("seed", "1")));
        Path out = spec.write(Path.of(a.get("out")), TensorDType.valueOf(a.getOrDefault("dtype", "F32")));
        System.out.println("wrote " + spec + " to " + out);
    }
}
