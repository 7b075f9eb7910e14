package io.pluralign.trainer.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An answer as the reward model sees it: the system message (if any), the prompt and the response. Its {@link #key()}
 * identifies it across feedback events, so its activations are read once.
 */
public record Answer(String system, String prompt, String response, String key) {

    /** @param key sha-256 of the three texts, hex (see {@link #Answer(String, String, String)}) */
    public Answer {
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(key, "key");
    }

    public Answer(String system, String prompt, String response) {
        this(system, prompt == null ? "" : prompt, response, digest(system, prompt == null ? "" : prompt, response));
    }

    private static String digest(String system, String prompt, String response) {
        Objects.requireNonNull(response, "response");
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {system == null ? "\u0000none" : system, prompt, response}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                digest.update((byte) ':');
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
