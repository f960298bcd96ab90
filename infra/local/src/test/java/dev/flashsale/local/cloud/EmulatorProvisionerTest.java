package dev.flashsale.local.cloud;

import com.sun.net.httpserver.HttpServer;
import dev.flashsale.local.template.StackTemplate;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a tester sees when the endpoint given to --aws-endpoint cannot hold the stack: one line saying why. */
class EmulatorProvisionerTest {

    private static StackTemplate template() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        return StackTemplate.read(dir.resolve("template.yaml"), Map.of());
    }

    @Test
    void provision_shouldSayNothingAnswers_whenNoServerListens() throws Exception {
        // given: a loopback port nobody listens on
        AwsEmulator emulator = AwsEmulator.of("http://127.0.0.1:" + FreePort.find(), "unit");

        // when
        AwsEmulator.Unavailable error = assertThrows(AwsEmulator.Unavailable.class,
                () -> new EmulatorProvisioner(emulator, template()).provision());

        // then
        assertTrue(error.getMessage().startsWith("no AWS emulator answers at " + emulator.endpoint()), error.getMessage());
        assertFalse(error.getMessage().contains("\n"));
    }

    @Test
    void provision_shouldNameTheMissingService_whenTheEndpointIsNoEmulator() throws Exception {
        // given: an HTTP server that answers every request with 501, as a server without the DynamoDB API does
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(501, -1);
            exchange.close();
        });
        server.start();
        try {
            AwsEmulator emulator = AwsEmulator.of("http://127.0.0.1:" + server.getAddress().getPort(), "unit");

            // when
            AwsEmulator.Unavailable error = assertThrows(AwsEmulator.Unavailable.class,
                    () -> new EmulatorProvisioner(emulator, template()).provision());

            // then
            assertTrue(error.getMessage().startsWith("the AWS emulator at " + emulator.endpoint()
                    + " does not serve DynamoDB"), error.getMessage());
            assertFalse(error.getMessage().contains("\n"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void of_shouldRefuseTheSettings_whenTheUrlOrTheStackNameIsUnusable() {
        assertThrows(IllegalArgumentException.class, () -> AwsEmulator.of("localhost:4566", "s"));
        assertThrows(IllegalArgumentException.class, () -> AwsEmulator.of("http://127.0.0.1:4566", "has space"));
        assertThrows(IllegalArgumentException.class, () -> AwsEmulator.of("http://127.0.0.1:4566", "x".repeat(41)));
        assertEquals("flashsale-8080-OrderQueue",
                AwsEmulator.of("http://127.0.0.1:4566/", "flashsale-8080").physicalName("OrderQueue"));
    }
}
