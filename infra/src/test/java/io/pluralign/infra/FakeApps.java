package io.pluralign.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/** Writes a runnable jar of {@link FakeApp} where the launcher expects each app's jar. */
final class FakeApps {
    private FakeApps() {}

    /** A project root whose {@code <module>/target/<module>-<version>-exec.jar} all run {@link FakeApp}. */
    static Path install(Path projectRoot) throws IOException {
        LaunchConfig paths = LaunchConfig.builder(projectRoot).build();
        for (App app : App.values()) {
            Path jar = paths.execJar(app);
            Files.createDirectories(jar.getParent());
            Manifest manifest = new Manifest();
            Attributes attributes = manifest.getMainAttributes();
            attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            attributes.put(Attributes.Name.MAIN_CLASS, FakeApp.class.getName());
            attributes.put(Attributes.Name.CLASS_PATH, relativeTestClasses(jar.getParent()));
            try (OutputStream out = Files.newOutputStream(jar);
                    JarOutputStream ignored = new JarOutputStream(out, manifest)) {
                // the manifest is the whole jar; the classes come from the test class path
            }
        }
        return projectRoot;
    }

    /** What the fake app at {@code baseUrl} was started with: its environment, and {@code pid}. */
    static Map<String, String> environmentOf(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/env"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body()
                .lines()
                .filter(line -> line.contains("="))
                .collect(Collectors.toMap(
                        line -> line.substring(0, line.indexOf('=')),
                        line -> line.substring(line.indexOf('=') + 1),
                        (first, second) -> second));
    }

    private static String relativeTestClasses(Path jarDir) {
        try {
            URL location = FakeApp.class.getProtectionDomain().getCodeSource().getLocation();
            Path testClasses = Path.of(location.toURI());
            return jarDir.toAbsolutePath().relativize(testClasses).toString().replace('\\', '/') + "/";
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
