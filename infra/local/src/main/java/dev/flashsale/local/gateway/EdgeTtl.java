package dev.flashsale.local.gateway;

import dev.flashsale.local.template.DistributionSpec;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How long CloudFront keeps an answer, as its developer guide says ("Manage how long content stays in the cache",
 * "How CloudFront processes HTTP 4xx and 5xx status codes"). The {@code Expires} header is not read: no origin of
 * this stack sends one.
 * <ul>
 *   <li>A success: the origin's {@code s-maxage}, else {@code max-age}, bounded by the policy's MinTTL and MaxTTL;
 *   none given, the DefaultTTL; {@code no-store}, {@code no-cache} or {@code private} keep nothing under a MinTTL
 *   of 0, else the MinTTL.</li>
 *   <li>An error of a code CloudFront caches (400, 403, 404, 405, 414, 500, 501, 502, 503, 504): the greater of the
 *   origin's max-age (at most MaxTTL) and the error caching minimum TTL, the code's {@code CustomErrorResponses}
 *   entry or 10 s. {@code no-store}, {@code no-cache} and {@code private} are honoured for 404, 410, 414 and 501
 *   only: a 503 marked no-store is still kept for the error caching minimum TTL.</li>
 *   <li>416 is never kept; another 4xx or 5xx only when the origin gives a max-age.</li>
 * </ul>
 */
final class EdgeTtl {

    /** The codes CloudFront caches by default, for 10 s unless the distribution says otherwise. */
    static final Set<Integer> CACHED_ERRORS = Set.of(400, 403, 404, 405, 414, 500, 501, 502, 503, 504);
    /** The only codes whose no-store, no-cache or private CloudFront honours. */
    static final Set<Integer> NO_STORE_HONOURED = Set.of(404, 410, 414, 501);
    static final long DEFAULT_ERROR_CACHING_MIN_TTL = 10;

    private EdgeTtl() {
    }

    static long seconds(int status, String cacheControl, DistributionSpec.CachePolicy policy,
                        Map<Integer, Long> errorCachingMinTtl) {
        String directives = cacheControl == null ? "" : cacheControl.toLowerCase(Locale.ROOT);
        boolean noStore = has(directives, "no-store") || has(directives, "no-cache") || has(directives, "private");
        OptionalLong maxAge = maxAge(directives);
        if (status < 400) {
            if (noStore) {
                return policy.minTtl();
            }
            if (maxAge.isEmpty()) {
                return policy.defaultTtl();
            }
            return Math.max(policy.minTtl(), Math.min(policy.maxTtl(), maxAge.getAsLong()));
        }
        if (status == 416 || (noStore && NO_STORE_HONOURED.contains(status))) {
            return 0;
        }
        Long configured = errorCachingMinTtl.get(status);
        if (!CACHED_ERRORS.contains(status) && configured == null) {
            return maxAge.isPresent() ? Math.min(policy.maxTtl(), maxAge.getAsLong()) : 0;
        }
        long minimum = configured != null ? configured : DEFAULT_ERROR_CACHING_MIN_TTL;
        long asked = maxAge.isPresent() ? Math.min(policy.maxTtl(), maxAge.getAsLong()) : 0;
        return Math.max(minimum, asked);
    }

    private static boolean has(String directives, String directive) {
        for (String part : directives.split(",")) {
            String name = part.trim();
            if (name.equals(directive) || name.startsWith(directive + "=")) {
                return true;
            }
        }
        return false;
    }

    private static OptionalLong maxAge(String directives) {
        Long maxAge = null;
        for (String part : directives.split(",")) {
            String directive = part.trim();
            if (directive.startsWith("s-maxage=")) {
                return OptionalLong.of(parse(directive.substring(9)));
            }
            if (directive.startsWith("max-age=")) {
                maxAge = parse(directive.substring(8));
            }
        }
        return maxAge == null ? OptionalLong.empty() : OptionalLong.of(maxAge);
    }

    private static long parse(String seconds) {
        try {
            return Math.max(0, Long.parseLong(seconds.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
