package io.pluralign.infra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.infra.LaunchConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
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
        assertThat(key).matches(LaunchConfig.ADMIN_KEY_FORMAT);
        assertThat(Base64.getUrlDecoder().decode(key.substring(16))).hasSize(32);
        assertThat(Secrets.newAdminKey()).isNotEqualTo(key);
    }

    @Test
    void trustSecretsAreLongEnoughForTheGatewaySignature() {
        assertThat(Secrets.newTrustSecret().getBytes())
                .hasSizeGreaterThanOrEqualTo(LaunchConfig.MIN_TRUST_SECRET_BYTES);
    }

    @Test
    void secretsNeverShowInToString() {
        SecretFile.Secret secret =
                SecretFile.readOrCreate(dir.resolve("trust-secret"), () -> "s3cr3t-value-0123456789");
        assertThat(secret.toString()).doesNotContain("s3cr3t");
    }
}
