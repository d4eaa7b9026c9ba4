package io.mig.binding.http.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.spi.StreamItem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineDecoderTest {
    private final List<StreamItem> items = new ArrayList<>();

    private void feedInPieces(LineDecoder decoder, String text, int piece) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += piece) {
            decoder.feed(ByteBuffer.wrap(bytes, i, Math.min(piece, bytes.length - i)));
        }
        decoder.finish();
    }

    @Test
    void sseEventsWithCommentsFieldsAndMultiLineDataAcrossChunkBoundaries() {
        String answer = ": warming up\r\n\r\nevent: token\nid: 1\ndata: {\"token\":\"x\"}\n\n"
                + "data: {\"payload\":{\"n\":1},\ndata:  \"end_stream\":true}\n\n";
        for (int piece : new int[] {1, 3, 7, 1000}) {
            items.clear();
            feedInPieces(new LineDecoder(true, 1024, items::add), answer, piece);
            assertThat(items).as("pieces of " + piece).extracting(i -> i.payload().toString() + i.terminal())
                    .containsExactly("{\"token\":\"x\"}false", "{\"n\":1}true");
        }
    }

    @Test
    void ndjsonLastLineWithoutNewlineCountsAndBlankLinesDoNot() {
        feedInPieces(new LineDecoder(false, 1024, items::add), "{\"a\":1}\r\n\n  \n{\"payload\":{\"b\":2},\"end_stream\":true}", 4);
        assertThat(items).extracting(i -> i.payload().toString() + i.terminal())
                .containsExactly("{\"a\":1}false", "{\"b\":2}true");
    }

    @Test
    void lineOverTheLimitFailsInsteadOfGrowing() {
        LineDecoder decoder = new LineDecoder(false, 16, items::add);
        assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap("{\"a\":\"0123456789abcdef\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(MigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MIG_INTERNAL);
                    assertThat(e.reason()).isEqualTo(ErrorReason.PROVIDER_FAILED);
                });
    }

    @Test
    void errorItemThrowsThePassedThroughError() {
        LineDecoder decoder = new LineDecoder(true, 1024, items::add);
        assertThatThrownBy(() -> feedInPieces(decoder,
                "data: {\"error\":{\"code\":\"MIG_FORBIDDEN\",\"message\":\"no\",\"retryable\":false}}\n\n", 5))
                .isInstanceOfSatisfying(MigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MIG_FORBIDDEN);
                    assertThat(e.getMessage()).isEqualTo("no");
                });
    }
}
