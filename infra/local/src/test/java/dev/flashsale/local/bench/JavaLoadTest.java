package dev.flashsale.local.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JDK-client load against a real loopback server: every answer counted once, by status and in the latency. */
class JavaLoadTest {

    @Test
    void run_shouldCountEveryAnswerByStatus_whenTheServerAnswers() throws Exception {
        // given: a server that answers 410 with a small JSON body and counts what it served
        AtomicLong served = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            served.incrementAndGet(); // before the answer: the client cannot count an answer not yet counted here
            byte[] body = "{\"error\":\"SOLD_OUT\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(410, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/sales/s/purchases");

            // when: long enough for a loaded machine to build the clients inside the window and still send
            LoadResult result = new JavaLoad().run(url, "POST", "{\"quantity\":1}", "token", 2, Duration.ofSeconds(3));

            // then
            assertTrue(result.requests() > 0, "some requests were answered");
            assertEquals(result.requests(), result.count(410), "every answer was the server's 410");
            assertEquals(result.requests(), result.latency().count(), "every answer was timed");
            assertEquals(served.get(), result.requests(), "the server served exactly what was counted");
            assertEquals("jdk-httpclient", result.generator());
        } finally {
            server.stop(0);
        }
    }
}
