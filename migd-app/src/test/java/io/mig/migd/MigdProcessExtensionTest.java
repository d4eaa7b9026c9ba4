package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.migd.MigdServer.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway extension in process mode: one migd JVM for the class, configured by its environment. */
class MigdProcessExtensionTest {
    @RegisterExtension
    static final MigdExtension server = MigdExtension.process().env("MIGD_REQUIRE_TENANT_HEADER", "true")
            .env("MIGD_ACCESS_LOG", "off").build();

    @Test
    void aRealProcessAnswersWithTheSettingsItWasGiven() {
        assertThat(server.migdProcess().isAlive()).isTrue();
        assertThat(server.migdProcess().pid()).isNotEqualTo(ProcessHandle.current().pid());
        Reply refused = server.post("/mig/v0.1/hello", "{}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(server.post("/mig/v0.1/hello", "{}", "X-Tenant-ID", "acme").status()).isEqualTo(200);
        assertThatThrownBy(server::server).hasMessageContaining("migdProcess()");
    }
}
