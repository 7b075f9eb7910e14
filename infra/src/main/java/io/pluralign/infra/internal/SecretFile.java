package io.pluralign.infra.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/** A secret kept in a file only its owner can read (mode 600), created on first use and read ever after. */
public final class SecretFile {

    /**
     * @param value the secret
     * @param created true when this call generated it, so that it may be shown once
     */
    public record Secret(String value, boolean created) {
        @Override
        public String toString() {
            return "Secret[***, created=" + created + "]";
        }
    }

    private SecretFile() {}

    public static Secret readOrCreate(Path file, Supplier<String> generator) {
        try {
            if (Files.exists(file)) {
                return new Secret(read(file), false);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            String value = generator.get();
            try {
                createOwnerOnly(file);
            } catch (FileAlreadyExistsException racedWithAnotherLauncher) {
                return new Secret(read(file), false);
            }
            Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
            return new Secret(value, true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the secret file " + file, e);
        }
    }

    private static String read(Path file) throws IOException {
        String value = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) {
            throw new IOException(file + " is empty; delete it to get a new secret");
        }
        return value;
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }
}
