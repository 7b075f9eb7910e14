package io.pluralign.infra;

/** What the launcher prints once the platform is up: where to go, where the logs are, how to make a first call. */
final class Banner {
    private Banner() {}

    static String render(Platform platform) {
        LaunchConfig config = platform.config();
        String keyForCurl;
        StringBuilder key = new StringBuilder();
        if (config.bootstrapAdminKey() != null) {
            key.append("  admin key  from PLURALIGN_BOOTSTRAP_ADMIN_KEY\n");
            keyForCurl = "$PLURALIGN_BOOTSTRAP_ADMIN_KEY";
        } else if (platform.bootstrapAdminKeyCreated()) {
            key.append("  admin key  ")
                    .append(platform.bootstrapAdminKey())
                    .append("\n             (shown this once; it is also in ")
                    .append(platform.bootstrapAdminKeyFile())
                    .append(", mode 600)\n");
            keyForCurl = platform.bootstrapAdminKey();
        } else {
            key.append("  admin key  in ")
                    .append(platform.bootstrapAdminKeyFile())
                    .append('\n');
            keyForCurl = "$(cat " + platform.bootstrapAdminKeyFile() + ")";
        }
        return "\n"
                + "  Pluralign is up.\n"
                + "\n"
                + "  gateway    " + platform.gatewayUrl() + "\n"
                + "  console    " + platform.consoleUrl() + "\n"
                + "  logs       " + platform.logsDir() + "\n"
                + "  kafka      " + platform.kafkaBootstrapServers() + "\n"
                + "  database   " + platform.jdbcUrl() + " (user " + platform.jdbcUser() + ")\n"
                + key
                + "\n"
                + "  Try it:\n"
                + "    curl " + platform.gatewayUrl() + "/v1/admin/tenants \\\n"
                + "      -H \"Authorization: Bearer " + keyForCurl + "\"\n"
                + "  and the tour in README.md.\n"
                + "\n"
                + "  Ctrl-C stops everything; data stays in " + config.varDir() + ".\n";
    }
}
