package dev.flashsale.local.simulate;

import dev.flashsale.local.JsonText;
import dev.flashsale.local.cli.SigV4Signer;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A small client of the flash-sale HTTP API, used by the operator's commands, the simulator, the demo set-up and
 * the tests. Requests to the admin routes are signed with SigV4 when the client has a signer, as API Gateway's
 * IAM authorisation (and the local gateway) require.
 */
public final class ApiClient {

    public record Answer(int status, Map<String, Object> body, String rawBody, long nanos,
                         HttpHeaders headers) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String text(String field) {
            Object value = body.get(field);
            return value == null ? null : value.toString();
        }

        public long number(String field) {
            Object value = body.get(field);
            return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
        }
    }

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private static final String ADMIN_ROUTES = "/api/admin/";

    private final URI base;
    private final HttpClient http;
    private final SigV4Signer signer;
    private final String authorization;

    /** A client that signs nothing: shopper routes only. */
    public ApiClient(URI base, Executor executor) {
        this(base, executor, null);
    }

    /** A client that signs admin requests with {@code signer} (SigV4, as the admin routes' IAM auth needs). */
    public ApiClient(URI base, Executor executor, SigV4Signer signer) {
        this(base, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build(), signer, null);
    }

    private ApiClient(URI base, HttpClient http, SigV4Signer signer, String authorization) {
        this.base = base;
        this.http = http;
        this.signer = signer;
        this.authorization = authorization;
    }

    /**
     * The same client, sending {@code Authorization: <token>} on shopper routes (an ID token, as the Cognito
     * authorizer reads it); admin requests stay signed with SigV4.
     */
    public ApiClient withToken(String token) {
        return new ApiClient(base, http, signer, token);
    }

    /** Signs in at the local identity provider ({@code POST /auth/local/token}); the shopper's ID token. */
    public String signIn(String shopper) {
        Answer answer = post("/auth/local/token", "{\"shopper\":" + quote(shopper) + "}");
        if (answer.status() != 200) {
            throw new IllegalStateException("sign-in failed for a shopper: HTTP " + answer.status() + " " + answer.rawBody());
        }
        return answer.text("token");
    }

    /**
     * As {@link #signIn(String)}, for an account made at {@code createdAt} whose email is verified or not: the
     * local pool stamps both in the token's claims as the template's Cognito pool does.
     */
    public String signIn(String shopper, Instant createdAt, boolean emailVerified) {
        Answer answer = post("/auth/local/token", "{\"shopper\":" + quote(shopper) + ",\"createdAt\":\""
                + createdAt + "\",\"emailVerified\":" + emailVerified + "}");
        if (answer.status() != 200) {
            throw new IllegalStateException("sign-in failed for a shopper: HTTP " + answer.status() + " " + answer.rawBody());
        }
        return answer.text("token");
    }

    /** A client signed in as {@code shopper}. */
    public ApiClient signedInAs(String shopper) {
        return withToken(signIn(shopper));
    }

    public URI base() {
        return base;
    }

    public Answer get(String path) {
        return await(send("GET", path, null));
    }

    public Answer put(String path, String json) {
        return await(send("PUT", path, json));
    }

    public Answer post(String path, String json) {
        return await(send("POST", path, json));
    }

    /** {@code path} under the base URL, whose own path (an API stage, {@code /live}) is kept. */
    public URI resolve(String path) {
        String root = base.toString();
        return URI.create((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + path);
    }

    public CompletableFuture<Answer> send(String method, String path, String json) {
        URI uri = resolve(path);
        byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = json == null ? Map.of() : Map.of("Content-Type", "application/json");
        if (signer != null && path.startsWith(ADMIN_ROUTES)) {
            SdkHttpRequest signed = signer.sign(method, uri, headers, body);
            uri = signed.getUri();
            headers = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
                if (!header.getKey().equalsIgnoreCase("Host")) { // the HTTP client writes the same Host itself
                    headers.put(header.getKey(), String.join(",", header.getValue()));
                }
            }
        } else if (authorization != null) {
            headers = new LinkedHashMap<>(headers);
            headers.put("Authorization", authorization);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        long started = System.nanoTime();
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> new Answer(response.statusCode(), parse(response.body()), response.body(),
                        System.nanoTime() - started, response.headers()));
    }

    public Answer createSale(String saleId, int stock, Instant startsAt, Instant endsAt, String protectionJson) {
        String body = "{\"name\":\"Sale " + saleId + "\",\"stock\":" + stock + ",\"startsAt\":\"" + startsAt
                + "\",\"endsAt\":\"" + endsAt + "\",\"perUserLimit\":1"
                + (protectionJson == null ? "" : ",\"protection\":" + protectionJson) + "}";
        return put("/api/admin/sales/" + saleId, body);
    }

    /** See {@link dev.flashsale.local.JsonText#quote}: the bodies this client writes use the runner's one quoting. */
    public static String quote(String text) {
        return JsonText.quote(text);
    }

    private static Map<String, Object> parse(String body) {
        if (body == null || body.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> parsed = JSON.readValue(body.getBytes(StandardCharsets.UTF_8),
                    Argument.mapOf(String.class, Object.class));
            return parsed == null ? Map.of() : parsed;
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static Answer await(CompletableFuture<Answer> future) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        }
    }
}
