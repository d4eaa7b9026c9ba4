package io.mig.admin.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.model.Names;
import org.junit.jupiter.api.Test;

class ToolNamesTest {
    @Test
    void charactersOutsideANameTokenBecomeUnderscores() {
        ToolNames names = new ToolNames("srv");
        assertThat(names.next("get_weather")).isEqualTo("get_weather");
        assertThat(names.next("files/read")).isEqualTo("files_read");
        assertThat(names.next("a.b c")).isEqualTo("a_b_c");
        assertThat(names.next("")).isEqualTo("_");
    }

    @Test
    void clashesGetANumberInTheOrderTheyCome() {
        ToolNames names = new ToolNames("srv");
        assertThat(names.next("files.read")).isEqualTo("files_read");
        assertThat(names.next("files/read")).isEqualTo("files_read-2");
        assertThat(names.next("files_read")).isEqualTo("files_read-3");
    }

    @Test
    void theCapabilityIdStaysWithinTheNameLimit() {
        String server = "s".repeat(60);
        ToolNames names = new ToolNames(server);
        String first = names.next("t".repeat(400));
        String second = names.next("t".repeat(400));
        assertThat((server + "." + first).length()).isEqualTo(Names.MAX_NAME_LENGTH);
        assertThat((server + "." + second).length()).isEqualTo(Names.MAX_NAME_LENGTH);
        assertThat(second).endsWith("-2");
        assertThat(Names.isNamespaced(server + "." + second)).isTrue();
    }
}
