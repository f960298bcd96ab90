package dev.flashsale.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import dev.flashsale.local.functions.FunctionHost;
import dev.flashsale.local.identity.LocalIdentityProvider;
import dev.flashsale.local.identity.LocalSignIn;
import dev.flashsale.local.identity.TokenVerifier;
import dev.flashsale.local.template.DistributionSpec;
import dev.flashsale.local.template.Specs;
import dev.flashsale.local.template.WafChallengeSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * API Gateway and CloudFront on one port: {@code /api/*} goes to the template's routes, throttled with the stage's
 * and the methods' rate and burst, translated to the proxy event the functions get in AWS and back; everything
 * else is the static page. Admin (IAM-authorised) routes answer only callers on this machine, under a loopback host
 * name ({@link LoopbackHosts}, against DNS rebinding), and only requests signed with SigV4 by the local stack's
 * credentials ({@link SigV4Verifier}); the local sign-in mints tokens under the same conditions. The gateway's own
 * refusals take the template's gateway responses ({@link GatewayResponses}).
 */
public final class LocalGateway implements AutoCloseable {

    /** API Gateway's own payload limit; the functions apply the API's tighter one. */
    private static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

    private record Throttled(Specs.Throttle spec, TokenBucket bucket) {
    }

    private final StrictHttpServer server;
    private final List<ApiRoute> routes = new ArrayList<>();
    private final Map<String, FunctionHost> functions;
    private final List<Throttled> throttles = new ArrayList<>();
    private final StaticSite site;
    private final String stage;
    private final SigV4Verifier signatures;
    private final GatewayResponses gatewayResponses;
    private final Map<String, String> originHeaders;
    private final List<byte[]> apiKeys = new ArrayList<>();
    private final StrictHttpServer direct;
    private final LocalIdentityProvider identity;
    private final TokenVerifier tokens;
    private final LocalSignIn signIn;
    private final Clock stackClock;
    private final LoopbackHosts loopbackHosts;
    private final EdgeCache edgeCache; // null: no distribution in the template
    private final WafChallenge waf;
    private final DistributionHeaders responseHeaders;

    /**
     * What API Gateway and CloudFront add around the routes: signature checks on admin routes, the gateway's own
     * responses, the headers CloudFront adds for the API origin (its secret origin header, its API key) and the
     * API keys of the stage's usage plans (what a route requiring a key takes as {@code x-api-key}) and the
     * headers the distribution's response headers policies put on every answer of the distribution port.
     */
    public record Edge(SigV4Verifier signatures, GatewayResponses gatewayResponses, Map<String, String> originHeaders,
                       Set<String> apiKeys, DistributionSpec distribution, List<WafChallengeSpec.UriMatch> wafChallenge,
                       DistributionHeaders responseHeaders) {

        public Edge(SigV4Verifier signatures, GatewayResponses gatewayResponses, Map<String, String> originHeaders) {
            this(signatures, gatewayResponses, originHeaders, Set.of());
        }

        /** No edge cache and no WAF challenge: the distribution passes every request on. */
        public Edge(SigV4Verifier signatures, GatewayResponses gatewayResponses, Map<String, String> originHeaders,
                    Set<String> apiKeys) {
            this(signatures, gatewayResponses, originHeaders, apiKeys, null, List.of(), DistributionHeaders.none());
        }
    }

    /** API Gateway's header for the API key (the API's ApiKeySourceType HEADER, the default). */
    static final String API_KEY_HEADER = "x-api-key";

    /**
     * {@code port} is the distribution (the page, and {@code /api/*} with CloudFront's origin headers); the API is
     * also served bare on a port of its own, as the {@code execute-api} endpoint is reachable by anyone.
     */
    public LocalGateway(String host, int port, List<Specs.Route> routes, List<Specs.Throttle> throttles,
                        Map<String, FunctionHost> functions, StaticSite site, String stage, Edge edge)
            throws IOException {
        this(host, port, routes, throttles, functions, site, stage, edge, Clock.systemUTC());
    }

    /**
     * {@code stackClock} is the AWS side's time (the functions' too): the request time the gateway stamps on an
     * event comes from it, as API Gateway's and Lambda's clocks agree.
     */
    public LocalGateway(String host, int port, List<Specs.Route> routes, List<Specs.Throttle> throttles,
                        Map<String, FunctionHost> functions, StaticSite site, String stage, Edge edge,
                        Clock stackClock) throws IOException {
        this.stackClock = stackClock;
        this.signatures = edge.signatures();
        this.gatewayResponses = edge.gatewayResponses();
        this.originHeaders = Map.copyOf(edge.originHeaders());
        this.responseHeaders = edge.responseHeaders();
        edge.apiKeys().forEach(key -> apiKeys.add(key.getBytes(StandardCharsets.UTF_8)));
        for (Specs.Route route : routes) {
            this.routes.add(new ApiRoute(route));
        }
        for (Specs.Throttle throttle : throttles) {
            this.throttles.add(new Throttled(throttle, new TokenBucket(throttle.ratePerSecond(), throttle.burst())));
        }
        this.functions = functions;
        this.site = site;
        this.stage = stage;
        // Not the JDK's HttpServer: its protocol errors are HTML pages naming exceptions, or silent closes.
        this.server = new StrictHttpServer(new InetSocketAddress(InetAddress.getByName(host), port), 4096,
                exchange -> handle(exchange, true), MAX_PAYLOAD_BYTES);
        this.direct = new StrictHttpServer(new InetSocketAddress(InetAddress.getByName(host), 0), 4096,
                exchange -> handle(exchange, false), MAX_PAYLOAD_BYTES);
        // The shoppers' user pool of this run: its issuer is this gateway, as a Cognito pool's is its own URL.
        String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        this.identity = new LocalIdentityProvider("http://" + shown + ":" + port() + LocalSignIn.PREFIX);
        this.tokens = new TokenVerifier(identity.publicKeys(), identity.issuer(), identity.clientId());
        this.signIn = new LocalSignIn(identity, stackClock); // Cognito stamps its tokens with the AWS side's time
        this.loopbackHosts = new LoopbackHosts(host);
        // CloudFront's clocks are the AWS side's: a test holds and jumps the stack clock to age the cache.
        this.edgeCache = edge.distribution() == null ? null : new EdgeCache(edge.distribution(), stackClock);
        this.waf = new WafChallenge(edge.wafChallenge());
    }

    /** The distribution's WAF Challenge: off until a test turns it on. */
    public WafChallenge wafChallenge() {
        return waf;
    }

    /** Requests the distribution sent on to its origins (the page's bucket, the API); 0 without an edge cache. */
    public long originRequests() {
        return edgeCache == null ? 0 : edgeCache.originRequests();
    }

    public LocalIdentityProvider identity() {
        return identity;
    }

    public int port() {
        return server.port();
    }

    /** The API without CloudFront in front: the {@code execute-api} endpoint's stand-in. */
    public int directPort() {
        return direct.port();
    }

    private void handle(HttpExchange exchange, boolean viaCloudFront) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            if (viaCloudFront && exchange instanceof StrictExchange strict && !signIn.serves(path)) {
                // Every answer of the distribution, API and page alike; the sign-in stands for Cognito's own domain.
                strict.beforeHeadersSent(headers -> responseHeaders.apply(path, headers));
            }
            if (!viaCloudFront && (path.equals("/api") || path.startsWith("/api/"))) {
                api(exchange, path, false);
            } else if (viaCloudFront && signIn.serves(path)) {
                if (path.equals(LocalSignIn.TOKEN) && !isLoopbackHost(exchange)) {
                    refuseHost(exchange);
                    return;
                }
                signIn.serve(exchange, path, isCrossSite(exchange));
            } else if (viaCloudFront) {
                throughCloudFront(exchange, path);
            } else {
                respond(exchange, gatewayResponses.render("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token"));
            }
        } catch (RuntimeException unexpected) {
            respond(exchange, 500, "INTERNAL_ERROR", "The local gateway failed.", Map.of());
        } finally {
            exchange.close();
        }
    }

    /** WAF first (it answers a challenge itself), then the edge cache, then the behaviour's origin. */
    private void throughCloudFront(HttpExchange exchange, String path) throws IOException {
        if (waf.challenges(exchange)) {
            exchange.getResponseHeaders().set(WafChallenge.ACTION_HEADER, "challenge");
            exchange.sendResponseHeaders(202, -1);
            return;
        }
        boolean toApi = path.equals("/api") || path.startsWith("/api/");
        if (edgeCache == null) {
            if (toApi) {
                api(exchange, path, true);
            } else {
                site.serve(exchange);
            }
            return;
        }
        EdgeCache.Answer answer = edgeCache.serve(new EdgeCache.Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                path, exchange.getRequestURI().getRawQuery(), lowerCaseHeaders(exchange)), () -> {
            CapturedExchange origin = new CapturedExchange(exchange);
            if (toApi) {
                api(origin, path, true);
            } else {
                site.serve(origin);
            }
            return origin.answer();
        });
        answer.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, new ArrayList<>(values)));
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    private void api(HttpExchange exchange, String rawPath, boolean viaCloudFront) throws IOException {
        long receivedAt = stackClock.millis();
        String method = exchange.getRequestMethod().toUpperCase();
        ApiRoute matched = null;
        Map<String, String> pathParameters = null;
        for (ApiRoute route : routes) {
            Map<String, String> parameters = route.match(rawPath);
            if (parameters != null) {
                if (route.spec().method().equals(method)) {
                    matched = route;
                    pathParameters = parameters;
                    break;
                }
            }
        }
        if (matched == null) {
            // As API Gateway: no route for this method and path reads as a request lacking authentication.
            respond(exchange, gatewayResponses.render("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token"));
            return;
        }
        if (matched.spec().iamAuthorised() && !exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
            respond(exchange, 403, "FORBIDDEN", "Admin routes are served to this machine only.", Map.of());
            return;
        }
        if (matched.spec().iamAuthorised() && !isLoopbackHost(exchange)) {
            refuseHost(exchange);
            return;
        }
        if (matched.spec().iamAuthorised() && isCrossSite(exchange)) {
            // Loopback is not enough: a page of any site, open in this machine's browser, is on loopback too.
            respond(exchange, 403, "FORBIDDEN", "Admin routes do not answer pages of other sites.", Map.of());
            return;
        }
        if (matched.spec().apiKeyRequired() && !hasApiKey(exchange, viaCloudFront)) {
            // API Gateway refuses a missing or unknown key itself: no function runs (issue 22, item 4).
            respond(exchange, gatewayResponses.render("INVALID_API_KEY", "Forbidden"));
            return;
        }
        long retryAfter = throttle(method, matched.spec().path());
        if (retryAfter > 0) {
            respond(exchange, 429, "THROTTLED", "Too many requests; try again shortly.",
                    Map.of("Retry-After", Long.toString(retryAfter)));
            return;
        }
        Map<String, String> claims = null;
        if (matched.spec().userPoolAuthorised()) {
            // What API Gateway's Cognito authorizer does before the function runs.
            TokenVerifier.Verdict verdict = tokens.verify(exchange.getRequestHeaders().getFirst("Authorization"),
                    Instant.ofEpochMilli(receivedAt));
            if (!verdict.verified()) {
                respond(exchange, gatewayResponses.render("UNAUTHORIZED", "Unauthorized"));
                return;
            }
            claims = verdict.claims();
        }
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            respond(exchange, 413, "PAYLOAD_TOO_LARGE", "The request body is too large.", Map.of());
            return;
        }
        if (matched.spec().iamAuthorised()) {
            Optional<SigV4Verifier.Refusal> refused = signatures.verify(method, rawPath,
                    exchange.getRequestURI().getRawQuery(), lowerCaseHeaders(exchange), body, Instant.now());
            if (refused.isPresent()) {
                respond(exchange, gatewayResponses.render(refused.get().responseType(), refused.get().message()));
                return;
            }
        }
        FunctionHost function = functions.get(matched.spec().functionId());
        APIGatewayProxyResponseEvent response;
        try {
            response = (APIGatewayProxyResponseEvent) function.invoke(
                    toEvent(exchange, matched, pathParameters, body, receivedAt, viaCloudFront, claims));
        } catch (FunctionHost.Throttled throttled) {
            respond(exchange, 429, "THROTTLED", "Too many requests; try again shortly.", Map.of("Retry-After", "1"));
            return;
        } catch (RuntimeException failed) {
            respond(exchange, 502, "UNAVAILABLE", "The function failed; try again shortly.", Map.of());
            return;
        }
        send(exchange, response);
    }

    /** Whether the request's {@code x-api-key} (CloudFront's own, through the distribution) is a usage plan's key. */
    private boolean hasApiKey(HttpExchange exchange, boolean viaCloudFront) {
        String offered = null;
        if (viaCloudFront) {
            for (Map.Entry<String, String> header : originHeaders.entrySet()) {
                if (header.getKey().equalsIgnoreCase(API_KEY_HEADER)) {
                    offered = header.getValue(); // CloudFront sets its origin headers over the viewer's
                }
            }
        }
        if (offered == null) {
            offered = exchange.getRequestHeaders().getFirst(API_KEY_HEADER);
        }
        if (offered == null) {
            return false;
        }
        byte[] bytes = offered.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (byte[] key : apiKeys) {
            found |= java.security.MessageDigest.isEqual(key, bytes);
        }
        return found;
    }

    /**
     * Whether the request names this machine by a loopback name. A loopback peer is not enough: a page of
     * another site whose name was rebound to 127.0.0.1 is a loopback peer, and same-origin with itself.
     */
    private boolean isLoopbackHost(HttpExchange exchange) {
        return loopbackHosts.allows(exchange.getRequestHeaders().getFirst("Host"));
    }

    private static void refuseHost(HttpExchange exchange) throws IOException {
        respond(exchange, 421, "MISDIRECTED_REQUEST", "The local stack answers admin and sign-in requests only "
                + "under a loopback host name: localhost, 127.0.0.1 or [::1].", Map.of());
    }

    /** A browser's request made by a page of another origin (the Origin or Sec-Fetch-Site it cannot forge). */
    private static boolean isCrossSite(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            return true;
        }
        String site = exchange.getRequestHeaders().getFirst("Sec-fetch-site");
        return site != null && !site.equals("same-origin") && !site.equals("none");
    }

    /** Applies the most specific matching throttle (a method's setting overrides the stage's); 0 when allowed. */
    private long throttle(String method, String routePath) {
        Throttled chosen = null;
        for (Throttled throttled : throttles) {
            if (throttled.spec().matches(method, routePath)
                    && (chosen == null || chosen.spec().isStageWide())) {
                chosen = throttled;
            }
        }
        if (chosen == null) {
            return 0;
        }
        long now = System.nanoTime();
        return chosen.bucket().tryTake(now) ? 0 : chosen.bucket().secondsUntilNextToken(now);
    }

    private APIGatewayProxyRequestEvent toEvent(HttpExchange exchange, ApiRoute route,
                                                Map<String, String> pathParameters, byte[] body, long receivedAt,
                                                boolean viaCloudFront, Map<String, String> claims) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, values.get(values.size() - 1));
            multiHeaders.put(name, values);
        });
        if (viaCloudFront) {
            // CloudFront sets these itself, over whatever the viewer sent: its origin headers and the viewer's address.
            Map<String, String> added = new LinkedHashMap<>(originHeaders);
            InetSocketAddress viewer = exchange.getRemoteAddress();
            added.put("CloudFront-Viewer-Address", viewer.getAddress().getHostAddress() + ":" + viewer.getPort());
            added.forEach((name, value) -> {
                headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
                multiHeaders.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
                headers.put(name, value);
                multiHeaders.put(name, List.of(value));
            });
        }
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withSourceIp(sourceIp)
                .withUserAgent(headers.get("User-agent"));
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId(UUID.randomUUID().toString())
                .withRequestTimeEpoch(receivedAt)
                .withStage(stage)
                .withHttpMethod(route.spec().method())
                .withResourcePath(route.spec().path())
                .withPath("/" + stage + exchange.getRequestURI().getRawPath())
                .withIdentity(identity);
        if (claims != null) {
            context.setAuthorizer(Map.of("claims", claims)); // as the Cognito authorizer passes them
        }
        return new APIGatewayProxyRequestEvent()
                .withResource(route.spec().path())
                .withPath(exchange.getRequestURI().getRawPath())
                .withHttpMethod(route.spec().method())
                .withHeaders(headers)
                .withMultiValueHeaders(multiHeaders)
                .withQueryStringParameters(query(exchange.getRequestURI().getRawQuery()))
                .withPathParameters(pathParameters)
                .withRequestContext(context)
                .withBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(false);
    }

    private static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.put(name, value);
        }
        return parameters;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
        return bytes.length > MAX_PAYLOAD_BYTES ? null : bytes;
    }

    private static void send(HttpExchange exchange, APIGatewayProxyResponseEvent response) throws IOException {
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        }
        byte[] body = response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
        int status = response.getStatusCode() == null ? 200 : response.getStatusCode();
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, List<String>> lowerCaseHeaders(HttpExchange exchange) {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
        return headers;
    }

    private static void respond(HttpExchange exchange, GatewayResponses.Answer answer) throws IOException {
        // The template's headers as they are: a gateway answer without Cache-Control is one the cloud sends so too.
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void respond(HttpExchange exchange, int status, String code, String message,
                                Map<String, String> headers) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        byte[] body = ("{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.close();
        direct.close();
    }
}
