package dev.flashsale.local.identity;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The local identity provider's HTTP side, on the gateway's port:
 * <ul>
 *   <li>{@code POST /auth/local/token {"shopper": "..."}} answers {@code {"token", "expiresAt"}}: an ID token for
 *       that shopper, to callers on this machine only, and never to a page of another site; optional
 *       {@code "createdAt"} (an instant) and {@code "emailVerified"} (a boolean) make the account older or
 *       unverified, as a real pool's accounts may be;</li>
 *   <li>{@code GET /auth/local/.well-known/jwks.json}: the keys, where Cognito publishes a pool's;</li>
 *   <li>{@code GET /auth-config.json}: how the page signs in here (in AWS, the deploy writes the Cognito one).</li>
 * </ul>
 */
public final class LocalSignIn {

    public static final String PREFIX = "/auth/local";
    public static final String TOKEN = PREFIX + "/token";
    public static final String JWKS = PREFIX + "/.well-known/jwks.json";
    public static final String PAGE_CONFIG = "/auth-config.json";
    private static final int MAX_BODY_BYTES = 1024;

    private final LocalIdentityProvider provider;
    private final Clock clock;

    public LocalSignIn(LocalIdentityProvider provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    public boolean serves(String path) {
        return path.equals(PAGE_CONFIG) || path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    public void serve(HttpExchange exchange, String path, boolean crossSite) throws IOException {
        String method = exchange.getRequestMethod();
        if (path.equals(PAGE_CONFIG) || path.equals(JWKS)) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                error(exchange, 405, "METHOD_NOT_ALLOWED", "That method is not allowed on this route.");
                return;
            }
            send(exchange, 200, path.equals(JWKS) ? provider.jwks()
                    : "{\"mode\":\"local\",\"tokenUrl\":\"" + TOKEN + "\"}");
            return;
        }
        if (!path.equals(TOKEN)) {
            error(exchange, 404, "NOT_FOUND", "No such route.");
            return;
        }
        if (!method.equals("POST")) {
            error(exchange, 405, "METHOD_NOT_ALLOWED", "That method is not allowed on this route.");
            return;
        }
        if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress() || crossSite) {
            error(exchange, 403, "FORBIDDEN", "The local sign-in serves this machine's own pages and tools only.");
            return;
        }
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (!type.split(";", 2)[0].strip().equalsIgnoreCase("application/json")) {
            error(exchange, 415, "UNSUPPORTED_MEDIA_TYPE", "The body must be sent as Content-Type: application/json.");
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        Map<String, Object> request = body.length > MAX_BODY_BYTES ? null : Json.read(body);
        Object shopper = request == null ? null : request.get("shopper");
        if (!(shopper instanceof String name) || !ShopperNames.isValid(name)) {
            error(exchange, 400, "INVALID_REQUEST",
                    "The body must be {\"shopper\": \"1 to 64 printable characters\"}.");
            return;
        }
        LocalIdentityProvider.Account account = null;
        Object createdAt = request.get("createdAt");
        Object verified = request.get("emailVerified");
        if (createdAt != null || verified != null) {
            Instant created = createdAt == null ? clock.instant() : instant(createdAt);
            if (created == null || (verified != null && !(verified instanceof Boolean))) {
                error(exchange, 400, "INVALID_REQUEST", "createdAt must be an ISO-8601 instant and emailVerified"
                        + " true or false.");
                return;
            }
            account = new LocalIdentityProvider.Account(created, verified == null || (Boolean) verified);
        }
        LocalIdentityProvider.Token token = provider.issue(name, clock.instant(), account);
        send(exchange, 200, "{\"token\":\"" + token.token() + "\",\"expiresAt\":\"" + token.expiresAt() + "\"}");
    }

    private static Instant instant(Object text) {
        try {
            return text instanceof String s ? Instant.parse(s) : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

        private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        send(exchange, status, "{\"error\":\"" + code + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}");
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }
}
