package io.pluralign.infra.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * A secret kept in a file only its owner can read (mode 600), created on first use and read ever after. The file
 * appears whole or not at all: the secret is written to a temporary file, flushed to disk, and only then put in place,
 * so a crash while creating it never leaves an empty or partial secret behind.
 */
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
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            String value = generator.get();
            Path temp = createOwnerOnlyTemp(dir, file.getFileName().toString());
            try {
                writeDurably(temp, value + "\n");
                if (!putInPlace(temp, file)) {
                    return new Secret(read(file), false);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            syncDirectory(dir);
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

    private static Path createOwnerOnlyTemp(Path dir, String name) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<?> ownerOnly =
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return Files.createTempFile(dir, "." + name + ".", ".tmp", ownerOnly);
        }
        return Files.createTempFile(dir, "." + name + ".", ".tmp");
    }

    private static void writeDurably(Path file, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }

    /**
     * Gives the finished temporary file the secret's name in one atomic step. A hard link never replaces a file that
     * another launcher created meanwhile (false then: that one is kept); where links are not supported, an atomic
     * rename does the same job.
     */
    private static boolean putInPlace(Path temp, Path file) throws IOException {
        try {
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException racedWithAnotherLauncher) {
            return false;
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            if (Files.exists(file)) {
                return false;
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot create " + file + " atomically on this file system", e);
            }
        }
    }

    /** Makes the new directory entry itself durable; best effort, as not every platform can open a directory. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // the file is complete either way; only its appearance after a power cut is less certain
        }
    }
}
