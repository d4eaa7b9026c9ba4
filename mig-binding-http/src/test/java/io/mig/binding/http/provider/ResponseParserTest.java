package io.mig.binding.http.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The answer parser on whole, split and byte-by-byte input, and on answers that break HTTP/1.1. */
class ResponseParserTest {
    private static final String JSON_ANSWER = "HTTP/1.1 200 OK\r\nServer: test\r\nContent-Type: application/json\r\n"
            + "X-Long: " + "v".repeat(500) + "\r\nContent-Length: 13\r\n\r\n{\"payload\":1}";
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: gzip, chunked\r\n\r\n"
            + "5;name=value;other=\"x\"\r\n{\"pay\r\n"
            + "8 ; ext\r\nload\":1}\r\n"
            + "0\r\nTrailer-One: a\r\nTrailer-Two: b\r\n\r\n";

    /** The body and head as a parser saw them. */
    private static final class Seen implements ResponseParser.Body {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int heads;
        int status;
        String contentType;

        @Override
        public void head(int status, String contentType, long contentLength) {
            heads++;
            this.status = status;
            this.contentType = contentType;
        }

        @Override
        public void bytes(ByteBuffer bytes) {
            while (bytes.hasRemaining()) {
                body.write(bytes.get());
            }
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsAnAnswerByLengthWholeAndByteByByte() {
        for (int piece : new int[] {Integer.MAX_VALUE, 7, 1}) {
            Seen seen = new Seen();
            ResponseParser parser = new ResponseParser();
            parser.start(seen);
            assertThat(feedInPieces(parser, JSON_ANSWER, piece)).as("complete, pieces of " + piece).isTrue();
            assertThat(seen.status).isEqualTo(200);
            assertThat(seen.contentType).isEqualTo("application/json");
            assertThat(seen.text()).isEqualTo("{\"payload\":1}");
            assertThat(parser.reusable()).isTrue();
        }
    }

    @Test
    void readsChunksWithExtensionsAndTrailersByteByByte() {
        for (int piece : new int[] {Integer.MAX_VALUE, 3, 1}) {
            Seen seen = new Seen();
            ResponseParser parser = new ResponseParser();
            parser.start(seen);
            assertThat(feedInPieces(parser, CHUNKED, piece)).isTrue();
            assertThat(seen.text()).isEqualTo("{\"payload\":1}");
            assertThat(parser.reusable()).isTrue();
        }
    }

    @Test
    void stopsAtTheEndOfTheAnswerAndLeavesWhatFollows() {
        ResponseParser parser = new ResponseParser();
        parser.start(new Seen());
        ByteBuffer bytes = ascii(JSON_ANSWER + "HTTP/1.1 200 OK\r\n");
        assertThat(parser.feed(bytes)).isTrue();
        assertThat(bytes.remaining()).isEqualTo(17);
    }

    @Test
    void skipsInterimAnswers() {
        Seen seen = new Seen();
        ResponseParser parser = new ResponseParser();
        parser.start(seen);
        assertThat(feedInPieces(parser, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + JSON_ANSWER, 1)).isTrue();
        assertThat(seen.heads).isEqualTo(1);
        assertThat(seen.status).isEqualTo(200);
        assertThat(seen.text()).isEqualTo("{\"payload\":1}");
    }

    @Test
    void connectionCloseAndHttp10AnswersAreNotReused() {
        for (String head : new String[] {"HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\n",
                "HTTP/1.0 200 OK\r\n", "HTTP/1.1 500 Oops\r\nconnection: close\r\n"}) {
            ResponseParser parser = new ResponseParser();
            parser.start(new Seen());
            assertThat(parser.feed(ascii(head + "Content-Length: 2\r\n\r\n{}"))).isTrue();
            assertThat(parser.reusable()).as(head).isFalse();
        }
        ResponseParser upgraded = new ResponseParser();
        upgraded.start(new Seen());
        assertThat(upgraded.feed(ascii("HTTP/1.1 200 OK\r\nConnection: closed-not\r\nContent-Length: 0\r\n\r\n"))).isTrue();
        assertThat(upgraded.reusable()).as("only the token close closes").isTrue();
    }

    @Test
    void aBodyWithoutLengthRunsToTheEndOfTheConnection() {
        Seen seen = new Seen();
        ResponseParser parser = new ResponseParser();
        parser.start(seen);
        assertThat(parser.feed(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"a\":"))).isFalse();
        assertThat(parser.feed(ascii("1}"))).isFalse();
        assertThat(parser.endOfInput()).isTrue();
        assertThat(seen.text()).isEqualTo("{\"a\":1}");
        assertThat(parser.reusable()).isFalse();
    }

    @Test
    void noContentAnswersHaveNoBody() {
        ResponseParser parser = new ResponseParser();
        Seen seen = new Seen();
        parser.start(seen);
        assertThat(parser.feed(ascii("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"))).isTrue();
        assertThat(seen.status).isEqualTo(204);
        assertThat(parser.reusable()).isTrue();
    }

    @Test
    void aConnectionThatEndsBeforeTheAnswerEndsIsNotAnAnswer() {
        ResponseParser parser = new ResponseParser();
        parser.start(new Seen());
        assertThat(parser.started()).isFalse();
        assertThat(parser.endOfInput()).isFalse();
        parser.feed(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}"));
        assertThat(parser.started()).isTrue();
        assertThat(parser.endOfInput()).as("8 bytes missing").isFalse();
    }

    @Test
    void refusesAnswersThatAreNotHttp() {
        String[] bad = {
            "HTTP/2 200 OK\r\n\r\n",
            "HTTP/1.1 20 OK\r\n\r\n",
            "HTTP/1.1 2000 OK\r\n\r\n",
            "HTTP/1.1 abc OK\r\n\r\n",
            "SSH-2.0-OpenSSH\r\n\r\n",
            "HTTP/1.1 099 Low\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
            "HTTP/1.1 200 OK\r\nNo-Colon\r\n\r\n",
            "HTTP/1.1 200 OK\r\nName : space\r\n\r\n",
            "HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}xx\r\n",
            "HTTP/1.1 200 OK\r\nX: " + "a".repeat(ResponseParser.MAX_LINE_BYTES) + "\r\n\r\n",
        };
        for (String answer : bad) {
            ResponseParser parser = new ResponseParser();
            parser.start(new Seen());
            assertThatThrownBy(() -> parser.feed(ascii(answer))).as(answer.substring(0, Math.min(60, answer.length())))
                    .isInstanceOf(ResponseParser.BadAnswerException.class);
        }
    }

    @Test
    void refusesAHeadOverItsLimitSpreadOverManyFields() {
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        while (head.length() <= ResponseParser.MAX_HEAD_BYTES) {
            head.append("X-Filler: ").append("f".repeat(1000)).append("\r\n");
        }
        ResponseParser parser = new ResponseParser();
        parser.start(new Seen());
        assertThatThrownBy(() -> parser.feed(ascii(head + "\r\n"))).isInstanceOf(ResponseParser.BadAnswerException.class)
                .hasMessageContaining("head is larger");
    }

    @Test
    void aParserIsReadyForTheNextAnswerAfterStart() {
        ResponseParser parser = new ResponseParser();
        Seen first = new Seen();
        parser.start(first);
        assertThat(parser.feed(ascii("HTTP/1.1 404 Nope\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\nx"))).isTrue();
        Seen second = new Seen();
        parser.start(second);
        assertThat(parser.feed(ascii(CHUNKED))).isTrue();
        assertThat(first.status).isEqualTo(404);
        assertThat(second.status).isEqualTo(200);
        assertThat(second.contentType).isEqualTo("application/json");
        assertThat(second.text()).isEqualTo("{\"payload\":1}");
    }

    private static boolean feedInPieces(ResponseParser parser, String answer, int piece) {
        byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
        boolean complete = false;
        for (int from = 0; from < bytes.length; from += piece) {
            assertThat(complete).as("complete before the last byte").isFalse();
            complete = parser.feed(ByteBuffer.wrap(bytes, from, Math.min(piece, bytes.length - from)));
        }
        return complete;
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
