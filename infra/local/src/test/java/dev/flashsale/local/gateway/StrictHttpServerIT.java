package dev.flashsale.local.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's HTTP server over raw sockets: every protocol error is answered in the API's JSON shape. */
class StrictHttpServerIT {

    private static StrictHttpServer server;

    @BeforeAll
    static void start() throws IOException {
        server = new StrictHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] answer = ("{\"method\":\"" + exchange.getRequestMethod() + "\",\"bytes\":" + body.length
                    + ",\"path\":\"" + exchange.getRequestURI().getRawPath() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        }, 1024);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends the bytes, reads until the server closes (or the timeout), returns everything read. */
    static String raw(byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException refusedMidway) {
                // the server answered and closed before taking everything: read what it said
            }
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static String raw(String request) throws IOException {
        return raw(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assertJsonError(String response, int status, String code) {
        assertTrue(response.startsWith("HTTP/1.1 " + status + " "), response);
        assertTrue(response.contains("Content-Type: application/json"), response);
        assertTrue(response.contains("\"error\":\"" + code + "\""), response);
        assertFalse(response.contains("Exception") || response.contains("<h1>") || response.contains("<html"), response);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad escape|GET /api/sales/%zz HTTP/1.1~Host: x~~|400|INVALID_REQUEST",
            "trailing percent|GET /api/sales/demo% HTTP/1.1~Host: x~~|400|INVALID_REQUEST",
            "escape in query|GET /api/sales/demo?userId=%g1 HTTP/1.1~Host: x~~|400|INVALID_REQUEST",
            "space in target|GET /a b HTTP/1.1~Host: x~~|400|INVALID_REQUEST",
            "absolute target|GET http://x/ HTTP/1.1~Host: x~~|400|INVALID_REQUEST",
            "unknown version|GET / HTTP/2.7~Host: x~~|505|HTTP_VERSION_NOT_SUPPORTED",
            "negative length|POST / HTTP/1.1~Host: x~Content-Length: -1~~|400|INVALID_REQUEST",
            "twenty-digit length|POST / HTTP/1.1~Host: x~Content-Length: 12345678901234567890~~|400|INVALID_REQUEST",
            "length over the limit|POST / HTTP/1.1~Host: x~Content-Length: 2000~~|413|PAYLOAD_TOO_LARGE",
            "two lengths|POST / HTTP/1.1~Host: x~Content-Length: 1~Content-Length: 2~~ab|400|INVALID_REQUEST",
            "length and chunked|POST / HTTP/1.1~Host: x~Content-Length: 3~Transfer-Encoding: chunked~~0~~|400|INVALID_REQUEST",
            "unknown coding|POST / HTTP/1.1~Host: x~Transfer-Encoding: gzip, chunked~~|501|NOT_IMPLEMENTED",
            "bad chunk size|POST / HTTP/1.1~Host: x~Transfer-Encoding: chunked~~zz~abc~0~~|400|INVALID_REQUEST",
            "huge chunk size|POST / HTTP/1.1~Host: x~Transfer-Encoding: chunked~~FFFFFFFFFF~abc~|400|INVALID_REQUEST",
            "chunk without CRLF|POST / HTTP/1.1~Host: x~Transfer-Encoding: chunked~~3~abcdef~0~~|400|INVALID_REQUEST",
            "bare LF|GET / HTTP/1.1^Host: x^^|400|INVALID_REQUEST",
            "folded header|GET / HTTP/1.1~Host: x~X-A: 1~  2~~|400|INVALID_REQUEST",
            "header without colon|GET / HTTP/1.1~Host x~~|400|INVALID_REQUEST",
            "space before colon|GET / HTTP/1.1~Host : x~~|400|INVALID_REQUEST"})
    void request_shouldGetAJsonError_whenItBreaksHttp(String name, String request, int status, String code)
            throws IOException {
        // "~" stands for CRLF and "^" for a bare LF: a CSV row cannot hold line breaks
        assertJsonError(raw(request.replace("~", "\r\n").replace("^", "\n")), status, code);
    }

    @Test
    void request_shouldGetAJsonError_whenItHasFiveThousandHeaders() throws IOException {
        StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 5_000; i++) {
            request.append("X-Header-").append(i).append(": ").append(i).append("\r\n");
        }
        request.append("\r\n");

        assertJsonError(raw(request.toString()), 431, "HEADERS_TOO_LARGE");
    }

    @Test
    void request_shouldGetAJsonError_whenTheRequestLineIsEndless() throws IOException {
        assertJsonError(raw("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414, "URI_TOO_LONG");
    }

    @Test
    void requests_shouldBeServed_withLengthChunksAndKeepAlive() throws IOException {
        String twoRequests = "POST /one HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "POST /two HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "4;ext=1\r\nabcd\r\n2\r\nef\r\n0\r\nTrailer: t\r\n\r\n";

        String response = raw(twoRequests);

        assertTrue(response.contains("{\"method\":\"POST\",\"bytes\":3,\"path\":\"/one\"}"), response);
        assertTrue(response.contains("{\"method\":\"POST\",\"bytes\":6,\"path\":\"/two\"}"), response);
        assertEquals(2, response.split("HTTP/1.1 200 OK").length - 1, "both on one connection");
    }
}
