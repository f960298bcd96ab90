package dev.flashsale.local.gateway;

import dev.flashsale.local.template.DistributionSpec;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One CloudFront edge's cache, as the template's distribution configures it: the first cache behaviour whose path
 * pattern matches picks the cache policy; only what that policy lists (headers, cookies, query strings, the
 * normalised Accept-Encoding) makes the key; an answer is kept for the TTL CloudFront gives it
 * ({@link EdgeTtl}). Simultaneous misses of one key are collapsed into one origin request, as CloudFront does.
 * Its time is the AWS side's clock, so a test holds and jumps it instead of sleeping.
 */
public final class EdgeCache {

    /** A viewer request as the cache sees it: header names in lower case. */
    public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : String.join(",", values);
        }
    }

    /** An origin's (or the cache's) answer. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                    return String.join(",", header.getValue());
                }
            }
            return null;
        }
    }

    /** What the distribution asks of its origins on a miss. */
    @FunctionalInterface
    public interface Origin {
        Answer fetch() throws IOException;
    }

    private record Kept(Answer answer, long expiresAtMillis) {
    }

    private static final int MAX_ENTRIES = 10_000;

    private final DistributionSpec distribution;
    private final Clock clock;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    /** Striped, so a flood of random keys grows nothing but the entries, which expire. */
    private final Object[] locks = new Object[64];
    private final AtomicLong originRequests = new AtomicLong();

    public EdgeCache(DistributionSpec distribution, Clock clock) {
        this.distribution = distribution;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** Requests the edge sent to an origin (misses and what it never caches). */
    public long originRequests() {
        return originRequests.get();
    }

    /** The cache behaviour that serves {@code rawPath}: the first matching path pattern, else the default. */
    public DistributionSpec.Behaviour behaviourFor(String rawPath) {
        for (DistributionSpec.Behaviour behaviour : distribution.behaviours()) {
            if (PathPattern.matches(behaviour.pathPattern(), rawPath)) {
                return behaviour;
            }
        }
        return distribution.defaultBehaviour();
    }

    public Answer serve(Request request, Origin origin) throws IOException {
        DistributionSpec.CachePolicy policy = behaviourFor(request.rawPath()).cachePolicy();
        // CloudFront caches GET and HEAD answers only; a conditional request is left to the origin here.
        if (!"GET".equals(request.method()) || policy.cachesNothing()
                || request.header("if-none-match") != null || request.header("if-modified-since") != null) {
            return fetch(origin, "Miss");
        }
        String key = CacheKey.of(policy, request);
        synchronized (locks[Math.floorMod(key.hashCode(), locks.length)]) {
            long now = clock.millis();
            Kept entry = kept.get(key);
            if (entry != null && now < entry.expiresAtMillis()) {
                return withHeader(entry.answer(), "X-Cache", "Hit from cloudfront");
            }
            kept.remove(key);
            Answer answer = fetch(origin, "Miss");
            long ttl = EdgeTtl.seconds(answer.status(), answer.header("Cache-Control"), policy,
                    distribution.errorCachingMinTtl());
            if (ttl > 0) {
                if (kept.size() >= MAX_ENTRIES) {
                    kept.values().removeIf(old -> old.expiresAtMillis() <= now);
                }
                kept.put(key, new Kept(answer, now + ttl * 1000));
            }
            return answer;
        }
    }

    private Answer fetch(Origin origin, String outcome) throws IOException {
        originRequests.incrementAndGet();
        return withHeader(origin.fetch(), "X-Cache", outcome + " from cloudfront");
    }

    private static Answer withHeader(Answer answer, String name, String value) {
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>(answer.headers());
        headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        headers.put(name, List.of(value));
        return new Answer(answer.status(), headers, answer.body());
    }

    /** CloudFront's path patterns: {@code *} any run of characters (slashes too), {@code ?} one; case-sensitive. */
    static final class PathPattern {

        private PathPattern() {
        }

        static boolean matches(String pattern, String path) {
            String normalised = pattern.startsWith("/") || pattern.startsWith("*") ? pattern : "/" + pattern;
            StringBuilder regex = new StringBuilder();
            for (char c : normalised.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
                }
            }
            return path.matches(regex.toString());
        }
    }

    /** The cache key: the path, then only what the policy lists, in a fixed order. */
    static final class CacheKey {

        private CacheKey() {
        }

        static String of(DistributionSpec.CachePolicy policy, Request request) {
            StringBuilder key = new StringBuilder(request.rawPath());
            key.append('?').append(String.join("&", queryStrings(policy, request.rawQuery())));
            key.append("|h:");
            for (String name : selected(policy.headerBehavior(), policy.headers(), request.headers().keySet())) {
                key.append(name).append('=').append(request.header(name)).append(';');
            }
            key.append("|c:");
            for (String cookie : cookies(policy, request.header("cookie"))) {
                key.append(cookie).append(';');
            }
            String encoding = request.header("accept-encoding");
            key.append("|e:");
            if (encoding != null) {
                String accepted = encoding.toLowerCase(Locale.ROOT);
                if (policy.brotli() && accepted.contains("br")) {
                    key.append("br,");
                }
                if (policy.gzip() && accepted.contains("gzip")) {
                    key.append("gzip");
                }
            }
            return key.toString();
        }

        private static List<String> selected(String behaviour, List<String> listed, java.util.Collection<String> present) {
            List<String> lowerListed = listed.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
            List<String> names = new ArrayList<>();
            for (String name : present) {
                String lower = name.toLowerCase(Locale.ROOT);
                boolean in = switch (behaviour) {
                    case "whitelist" -> lowerListed.contains(lower);
                    case "allViewer", "all" -> true;
                    case "allExcept" -> !lowerListed.contains(lower);
                    default -> false;
                };
                if (in) {
                    names.add(lower);
                }
            }
            names.sort(null);
            return names;
        }

        private static List<String> queryStrings(DistributionSpec.CachePolicy policy, String rawQuery) {
            List<String> pairs = new ArrayList<>();
            if (rawQuery == null || rawQuery.isEmpty()) {
                return pairs;
            }
            for (String pair : rawQuery.split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                boolean in = switch (policy.queryStringBehavior()) {
                    case "all" -> true;
                    case "whitelist" -> policy.queryStrings().contains(name);
                    case "allExcept" -> !policy.queryStrings().contains(name);
                    default -> false;
                };
                if (in) {
                    pairs.add(pair);
                }
            }
            return pairs;
        }

        private static List<String> cookies(DistributionSpec.CachePolicy policy, String cookieHeader) {
            List<String> cookies = new ArrayList<>();
            if (cookieHeader == null) {
                return cookies;
            }
            for (String cookie : cookieHeader.split("[;,]")) {
                String trimmed = cookie.trim();
                String name = trimmed.contains("=") ? trimmed.substring(0, trimmed.indexOf('=')) : trimmed;
                boolean in = switch (policy.cookieBehavior()) {
                    case "all" -> true;
                    case "whitelist" -> policy.cookies().contains(name);
                    case "allExcept" -> !policy.cookies().contains(name);
                    default -> false;
                };
                if (in && !trimmed.isEmpty()) {
                    cookies.add(trimmed);
                }
            }
            cookies.sort(null);
            return cookies;
        }
    }
}
