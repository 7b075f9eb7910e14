package io.pluralign.infra.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.contracts.http.ApiKeys;
import io.pluralign.contracts.http.GatewaySignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {

    @TempDir
    Path dir;

    @Test
    void theSecretIsCreatedOnceOwnerOnlyAndReadBackLater() throws Exception {
        Path file = dir.resolve("var/bootstrap-admin-key");

        SecretFile.Secret first = SecretFile.readOrCreate(file, Secrets::newAdminKey);
        SecretFile.Secret second = SecretFile.readOrCreate(file, Secrets::newAdminKey);

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.value()).isEqualTo(first.value());
        assertThat(Files.readString(file).strip()).isEqualTo(first.value());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void adminKeysHaveTheGatewayFormatAndDiffer() {
        String key = Secrets.newAdminKey();
        assertThat(ApiKeys.isWellFormed(key)).isTrue();
        assertThat(Base64.getUrlDecoder().decode(key.substring(16))).hasSize(32);
        assertThat(Secrets.newAdminKey()).isNotEqualTo(key);
    }

    @Test
    void trustSecretsAreLongEnoughForTheGatewaySignature() {
        assertThat(Secrets.newTrustSecret().getBytes()).hasSizeGreaterThanOrEqualTo(GatewaySignature.MIN_SECRET_BYTES);
    }

    @Test
    void theFileAppearsWholeAndNoTemporaryFileStaysBehind() throws Exception {
        Path file = dir.resolve("var/trust-secret");
        // What a launcher killed while writing leaves behind: a partial temporary file, never the secret file.
        Files.createDirectories(file.getParent());
        Files.writeString(file.getParent().resolve(".trust-secret.123.tmp"), "half-writ");

        SecretFile.Secret secret = SecretFile.readOrCreate(file, Secrets::newTrustSecret);

        assertThat(secret.created()).isTrue();
        assertThat(Files.readString(file)).isEqualTo(secret.value() + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("trust-secret", ".trust-secret.123.tmp");
        }
    }

    @Test
    void aFailedGenerationLeavesNoFileSoTheNextStartCreatesOne() {
        Path file = dir.resolve("var/bootstrap-admin-key");

        assertThatThrownBy(() -> SecretFile.readOrCreate(file, () -> {
                    throw new IllegalStateException("no randomness");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(file).doesNotExist();
        assertThat(SecretFile.readOrCreate(file, Secrets::newAdminKey).created())
                .isTrue();
    }

    @Test
    void anEmptySecretFileIsRefusedWithAHint() throws Exception {
        Path file = dir.resolve("trust-secret");
        Files.writeString(file, "");

        assertThatThrownBy(() -> SecretFile.readOrCreate(file, Secrets::newTrustSecret))
                .hasMessageContaining("could not read or create the secret file")
                .cause()
                .hasMessageContaining("is empty; delete it");
    }

    @Test
    void secretsNeverShowInToString() {
        SecretFile.Secret secret =
                SecretFile.readOrCreate(dir.resolve("trust-secret"), () -> "s3cr3t-value-0123456789");
        assertThat(secret.toString()).doesNotContain("s3cr3t");
    }
}
