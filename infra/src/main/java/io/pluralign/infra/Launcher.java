package io.pluralign.infra;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar infra/target/infra-<version>.jar}: starts the platform configured by {@code PLURALIGN_*}
 * environment variables, prints where everything is, and runs until Ctrl-C or SIGTERM, which stop it cleanly.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0) {
            System.err.println(
                    "usage: java -jar infra/target/infra-<version>.jar  (configured by PLURALIGN_* variables: "
                            + String.join(", ", LaunchEnvironment.NAMES) + ")");
            System.exit(2);
        }
        LaunchConfig config;
        try {
            config = LaunchEnvironment.read(System.getenv(), defaultProjectRoot());
        } catch (IllegalArgumentException e) {
            System.err.println("pluralign: " + e.getMessage());
            System.exit(2);
            return;
        }
        Platform platform = new Platform(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            platform.close();
                            stopped.countDown();
                        },
                        "pluralign-shutdown"));
        try {
            platform.launch();
        } catch (RuntimeException e) {
            System.err.println("\npluralign: " + e.getMessage());
            platform.close();
            System.exit(1);
        }
        System.out.println(Banner.render(platform));
        stopped.await();
    }

    /** The checkout this jar was built in ({@code <root>/infra/target/infra.jar}), else the working directory. */
    static Path defaultProjectRoot() {
        try {
            Path root = Path.of(Launcher.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            for (int up = 0; up < 3 && root != null; up++) {
                root = root.getParent();
            }
            if (root != null
                    && Files.isRegularFile(root.resolve("pom.xml"))
                    && Files.isDirectory(root.resolve("infra"))) {
                return root;
            }
        } catch (URISyntaxException | SecurityException unknownLocation) {
            // fall back to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
