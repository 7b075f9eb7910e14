package io.pluralign.steering.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A concept as defined, independent of any model.
 *
 * @param owner {@link #BUILT_IN} for the platform's concepts, else the tenant that defined it
 * @param origin {@code builtin}, {@code contrast} (a tenant's pairs) or {@code import} (an admin's control vector)
 * @param version grows when the definition changes; vectors are per version
 * @param importDigest for an imported control vector, a digest of the file (a different file is a new version); null
 *     otherwise
 */
public record ConceptDefinition(
        String owner,
        String id,
        int version,
        String description,
        String positive,
        String negative,
        String origin,
        List<ContrastPair> pairs,
        String importDigest) {

    /** The owner of the platform's built-in concepts. */
    public static final String BUILT_IN = "";

    public static final String ORIGIN_BUILT_IN = "builtin";
    public static final String ORIGIN_CONTRAST = "contrast";
    public static final String ORIGIN_IMPORT = "import";

    /** Lower-case dotted names, e.g. {@code style.formality} or {@code brand.playful}. */
    public static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}(\\.[a-z0-9][a-z0-9-]{0,31}){0,3}");

    public ConceptDefinition {
        pairs = pairs == null ? List.of() : List.copyOf(pairs);
    }

    public boolean isBuiltIn() {
        return BUILT_IN.equals(owner);
    }

    public ConceptDefinition withVersion(int v) {
        return new ConceptDefinition(owner, id, v, description, positive, negative, origin, pairs, importDigest);
    }

    /** A digest of what the vectors depend on (the pairs, or the imported file), to notice a changed definition. */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(origin.getBytes(StandardCharsets.UTF_8));
            sha.update(String.valueOf(importDigest).getBytes(StandardCharsets.UTF_8));
            for (ContrastPair p : pairs) {
                for (String s : new String[] {p.system(), p.prompt(), p.positive(), p.negative()}) {
                    sha.update(String.valueOf(s).getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
