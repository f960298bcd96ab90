package dev.flashsale.local.gateway;

import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.cloud.LocalCloud;
import dev.flashsale.local.identity.LocalSignIn;
import dev.flashsale.local.template.Specs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DNS rebinding: a page of {@code rebind.attacker.example}, whose name now resolves to 127.0.0.1, is same-origin
 * with itself, so its requests carry {@code Origin} equal to {@code Host} and pass any check comparing the two. The
 * local gateway answers sign-in and admin routes only to loopback host names.
 */
class LoopbackHostIT {

    private static final String ATTACKER = "rebind.attacker.example";
    private static final String ADMIN_PATH = "/api/admin/sales";

    @TempDir
    static Path site;
    private static LocalGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        // No function behind the admin route: a request that gets past the gateway's checks answers 502.
        gateway = new LocalGateway("127.0.0.1", 0, List.of(new Specs.Route("AdminFunction", "GET", ADMIN_PATH, true)),
                List.of(), Map.of(), new StaticSite(site), "v1", new LocalGateway.Edge(
                        new SigV4Verifier(Map.of(LocalCloud.ACCESS_KEY_ID, LocalCloud.SECRET_ACCESS_KEY),
                                LocalCloud.REGION), new GatewayResponses(Map.of()), Map.of()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), gateway.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String signIn(String host) throws IOException {
        String body = "{\"shopper\":\"victim\"}";
        return raw("POST " + LocalSignIn.TOKEN + " HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://" + host
                + "\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    }

    /** An admin call signed with the local stack's public key pair, as a page's script can sign it. */
    private static String signedAdminCall(String host) throws IOException {
        SdkHttpRequest signed = SigV4Signer.forLocalStack().sign("GET", URI.create("http://" + host + ADMIN_PATH),
                Map.of("Origin", "http://" + host), new byte[0]);
        StringBuilder request = new StringBuilder("GET " + ADMIN_PATH + " HTTP/1.1\r\n");
        signed.headers().forEach((name, values) -> values.forEach(v -> request.append(name).append(": ")
                .append(v).append("\r\n")));
        return raw(request.append("Sec-Fetch-Site: same-origin\r\nConnection: close\r\n\r\n").toString());
    }

    private static void assertRefusedHost(String response) {
        assertTrue(response.startsWith("HTTP/1.1 421 "), response);
        assertTrue(response.contains("application/json"), response);
        assertTrue(response.contains("\"error\":\"MISDIRECTED_REQUEST\""), response);
        assertFalse(response.contains("\"token\""), response);
    }

    @Test
    void signIn_shouldRefuse_whenTheHostIsARebindingName() throws IOException {
        assertRefusedHost(signIn(ATTACKER + ":" + gateway.port()));
        assertRefusedHost(signIn("127.0.0.1.nip.io:" + gateway.port()));
        assertRefusedHost(signIn("localhost.attacker.example:" + gateway.port()));
    }

    @Test
    void adminRoute_shouldRefuse_whenTheHostIsARebindingNameEvenIfSignedWithTheLocalKey() throws IOException {
        assertRefusedHost(signedAdminCall(ATTACKER + ":" + gateway.port()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "127.9.8.7", "[::1]", "LocalHost"})
    void signIn_shouldMintAToken_whenTheHostIsLoopback(String name) throws IOException {
        String response = signIn(name + ":" + gateway.port());

        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.contains("\"token\""), response);
    }

    @Test
    void adminRoute_shouldPassTheHostCheck_whenTheHostIsLoopback() throws IOException {
        String response = signedAdminCall("127.0.0.1:" + gateway.port());

        assertEquals("HTTP/1.1 502 ", response.substring(0, 13), "past every gateway check: " + response);
    }
}
