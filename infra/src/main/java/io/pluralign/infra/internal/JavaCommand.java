package io.pluralign.infra.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/** Command lines for child JVMs: the same Java as the launcher, in a session of their own where possible. */
public final class JavaCommand {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private JavaCommand() {}

    /**
     * {@code java <jvmOpts> <args>}, prefixed with {@code setsid} on Linux: a Ctrl-C in the terminal then reaches
     * only the launcher, which stops the children in order (apps before Kafka) instead of all at once.
     */
    public static List<String> java(List<String> jvmOpts, List<String> args) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOpts);
        command.addAll(args);
        return command;
    }

    /**
     * The launcher's own class path with the {@code Class-Path} of its jars expanded: with {@code java -jar infra-*-launcher.jar}
     * that is {@code target/lib/*}, under Maven or an IDE the test class path. Either holds the Kafka broker's jars.
     */
    public static String launcherClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                addWithManifestClassPath(Path.of(entry).toAbsolutePath().normalize(), entries);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void addWithManifestClassPath(Path entry, Set<String> entries) {
        if (!Files.exists(entry)
                || !entries.add(entry.toString())
                || !entry.toString().endsWith(".jar")) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            String classPath = jar.getManifest() == null
                    ? null
                    : jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return;
            }
            for (String relative : classPath.trim().split("\\s+")) {
                Path resolved = relative.startsWith("file:")
                        ? Path.of(java.net.URI.create(relative))
                        : entry.getParent().resolve(relative);
                addWithManifestClassPath(resolved.normalize(), entries);
            }
        } catch (IOException | IllegalArgumentException unreadable) {
            // not a jar we can read: keep the entry itself and go on
        }
    }
}
