package io.pluralign.steering.domain;

import io.pluralign.engine.LanguageModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The model this instance serves: its public id, and a fingerprint of its weights that concept vectors are stored
 * under, so vectors computed on other weights are never used.
 *
 * @param id the name clients pass as {@code model}
 * @param vectorsKey {@code id@fingerprint}, the key concept vectors are stored under
 * @param contextLength tokens per sequence, prompt included
 * @param created when it was loaded (the {@code created} of {@code /v1/models})
 */
public record ServedModel(
        String id, String vectorsKey, int contextLength, int numLayers, int hiddenSize, Instant created) {

    private static final int SAMPLE = 1 << 20;

    public static ServedModel of(String id, Path folder, LanguageModel model, int contextLength) {
        return new ServedModel(
                id,
                id + "@" + fingerprint(folder),
                contextLength,
                model.config().numLayers(),
                model.config().hiddenSize(),
                Instant.now());
    }

    /**
     * SHA-256 (first 12 hex digits) of config.json and, per safetensors file, its size and first and last MiB: cheap
     * on a 15 GB checkpoint, and different for retrained weights of the same shape.
     */
    static String fingerprint(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(folder.resolve("config.json")));
            List<Path> weights = files.filter(f -> f.getFileName().toString().endsWith(".safetensors"))
                    .sorted()
                    .toList();
            for (Path file : weights) {
                long size = Files.size(file);
                sha.update(file.getFileName().toString().getBytes());
                sha.update(ByteBuffer.allocate(8).putLong(size).array());
                try (FileChannel channel = FileChannel.open(file)) {
                    sha.update(read(channel, 0, (int) Math.min(SAMPLE, size)));
                    sha.update(read(channel, Math.max(0, size - SAMPLE), (int) Math.min(SAMPLE, size)));
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot fingerprint the model", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.flip();
    }
}
