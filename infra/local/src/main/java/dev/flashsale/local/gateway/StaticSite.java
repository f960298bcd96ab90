package dev.flashsale.local.gateway;

import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Serves {@code web/} the way the CloudFront distribution does: gzip when the client accepts it, a year's cache
 * for content-hashed assets, a short one for {@code index.html}, an ETag for revalidation.
 */
public final class StaticSite {

    /** Shared with the deploy tooling: what CloudFront's cache behaviours set. */
    public static final String HASHED_ASSET_CACHE = "public, max-age=31536000, immutable";
    public static final String PAGE_CACHE = "public, max-age=5, must-revalidate";
    public static final String OTHER_CACHE = "public, max-age=300";

    private static final Pattern HASHED = Pattern.compile(".*\\.[0-9a-f]{8,}\\.[a-z0-9]+$");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json",
            "txt", "text/plain; charset=utf-8",
            "webmanifest", "application/manifest+json");

    private final WebBundle bundle;
    private final Map<String, String> etags = new java.util.HashMap<>();

    /** The security headers are the distribution's ({@link DistributionHeaders}), on the page's answers and the API's. */
    public StaticSite(Path root) {
        this.bundle = WebBundle.of(root.toAbsolutePath().normalize());
        bundle.files().forEach((name, content) -> etags.put(name, "\"" + WebBundle.sha256(content).substring(0, 16) + "\""));
    }

    public static String cacheControl(String fileName) {
        if (fileName.endsWith(".html")) {
            return PAGE_CACHE;
        }
        return HASHED.matcher(fileName).matches() ? HASHED_ASSET_CACHE : OTHER_CACHE;
    }

    public static String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return TYPES.getOrDefault(dot < 0 ? "" : fileName.substring(dot + 1), "application/octet-stream");
    }

    public void serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            send(exchange, 405, "text/plain; charset=utf-8", "no-store", "Method not allowed".getBytes(), false);
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String name = path.equals("/") ? "index.html" : path.substring(1);
        byte[] body = bundle.file(name);
        if (body == null) {
            send(exchange, 404, "text/plain; charset=utf-8", "no-store", "Not found".getBytes(), false);
            return;
        }
        String etag = etags.get(name);
        exchange.getResponseHeaders().set("ETag", etag);
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            exchange.getResponseHeaders().set("Cache-Control", cacheControl(name));
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
        }
        String type = contentType(name);
        String accepts = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        boolean gzip = accepts != null && accepts.contains("gzip") && isCompressible(type) && body.length > 256;
        send(exchange, 200, type, cacheControl(name), gzip ? gzip(body) : body, gzip);
    }

    private static boolean isCompressible(String type) {
        return type.startsWith("text/") || type.contains("json") || type.contains("svg");
    }

    private static void send(HttpExchange exchange, int status, String type, String cache, byte[] body, boolean gzip)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", cache);
        exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
        if (gzip) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        return out.toByteArray();
    }
}
