package dev.flashsale.local.simulate;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client whose requests leave from a chosen loopback address (all of 127.0.0.0/8 is this
 * machine), so that one process can be thousands of shoppers and bots with addresses of their own, as the
 * gateway's per-address limits and blocklist see them. One connection per request, closed after the answer.
 */
public final class LoopbackClient {

    public record Reply(int status, Map<String, String> headers, Map<String, Object> body, long nanos) {

        public String text(String field) {
            Object value = body.get(field);
            return value == null ? null : value.toString();
        }
    }

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private final InetSocketAddress server;
    private final String host;

    public LoopbackClient(URI base) {
        this.server = new InetSocketAddress(base.getHost(), base.getPort());
        this.host = base.getHost() + ":" + base.getPort();
    }

    public Reply send(String fromAddress, String method, String path, String json) throws IOException {
        return send(fromAddress, method, path, json, null);
    }

    /** With {@code authorization}: the shopper's ID token in the {@code Authorization} header. */
    public Reply send(String fromAddress, String method, String path, String json, String authorization)
            throws IOException {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
            socket.connect(server, 5_000);
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder()
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append("\r\n")
                    .append("Accept: application/json\r\nConnection: close\r\n")
                    // What a bot would forge: the gateway must not believe it.
                    .append("X-Forwarded-For: 198.51.100.").append(Math.abs(fromAddress.hashCode() % 250)).append("\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            if (body.length > 0) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return parse(socket.getInputStream(), started);
        }
    }

    private static Reply parse(InputStream in, long started) throws IOException {
        byte[] all = in.readAllBytes();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            throw new IOException("incomplete HTTP response");
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(all, headEnd + 4, all.length - headEnd - 4);
        Map<String, Object> parsed = Map.of();
        if (body.size() > 0) {
            try {
                Map<String, Object> map = JSON.readValue(body.toByteArray(), Argument.mapOf(String.class, Object.class));
                parsed = map == null ? Map.of() : map;
            } catch (IOException notJson) {
                parsed = Map.of();
            }
        }
        return new Reply(status, headers, parsed, System.nanoTime() - started);
    }
}
