package io.pluralign.contracts.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdFormatTest {

    @Test
    void keepsAnOfferedIdThatIsSafeToLog() {
        assertThat(RequestIdFormat.acceptOrGenerate("req-1.a_B")).isEqualTo("req-1.a_B");
        assertThat(RequestIdFormat.acceptOrGenerate("x".repeat(64))).isEqualTo("x".repeat(64));
    }

    @Test
    void replacesAMissingOrUnsafeIdWithAFreshUuid() {
        for (String offered : new String[] {null, "", "x".repeat(65), "a b", "evil\nlog line", "ü"}) {
            String id = RequestIdFormat.acceptOrGenerate(offered);
            assertThat(id).as(String.valueOf(offered)).isNotEqualTo(offered);
            assertThat(UUID.fromString(id).toString()).isEqualTo(id);
            assertThat(RequestIdFormat.isAcceptable(id)).isTrue();
        }
    }
}
