package dev.flashsale.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.flashsale.local.template.TemplateNodes.list;
import static dev.flashsale.local.template.TemplateNodes.listOfMaps;
import static dev.flashsale.local.template.TemplateNodes.map;

/**
 * The template's CloudFront distribution as its edge cache sees it: the cache behaviours in order (the first whose
 * path pattern matches serves a request, else the default one), each with its cache policy, and the error caching
 * minimum TTL of each {@code CustomErrorResponses} code.
 */
public record DistributionSpec(List<Behaviour> behaviours, Behaviour defaultBehaviour,
                               Map<Integer, Long> errorCachingMinTtl) {

    /**
     * A cache policy: only the listed headers, cookies and query strings make the key ({@code none},
     * {@code whitelist}, {@code all}, {@code allExcept}); the TTLs bound what the origin's Cache-Control asks for.
     */
    public record CachePolicy(String name, long minTtl, long defaultTtl, long maxTtl, String headerBehavior,
                              List<String> headers, String cookieBehavior, List<String> cookies,
                              String queryStringBehavior, List<String> queryStrings, boolean gzip, boolean brotli) {

        /** A policy with every TTL 0 keeps nothing (CachingDisabled). */
        public boolean cachesNothing() {
            return minTtl == 0 && defaultTtl == 0 && maxTtl == 0;
        }
    }

    public record Behaviour(String pathPattern, CachePolicy cachePolicy) {
    }

    /** CloudFront's managed policies by id, as AWS documents them. */
    private static final Map<String, CachePolicy> MANAGED = Map.of(
            "658327ea-f89d-4fab-a63d-7e88639e58f6", new CachePolicy("Managed-CachingOptimized", 1, 86400,
                    31536000, "none", List.of(), "none", List.of(), "none", List.of(), true, true),
            "b2884449-e4de-46a7-ac36-70bc7f1ddd6d", new CachePolicy("Managed-CachingOptimizedForUncompressedObjects",
                    1, 86400, 31536000, "none", List.of(), "none", List.of(), "none", List.of(), false, false),
            "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", new CachePolicy("Managed-CachingDisabled", 0, 0, 0,
                    "none", List.of(), "none", List.of(), "none", List.of(), false, false));

    /** The stack's one distribution; null when the template has none. */
    public static DistributionSpec of(StackTemplate template) {
        Map<String, Map<String, Object>> distributions = template.resourcesOfType("AWS::CloudFront::Distribution");
        if (distributions.isEmpty()) {
            return null;
        }
        Map<String, Object> config = map(distributions.values().iterator().next().get("DistributionConfig"));
        Map<String, Map<String, Object>> policies = template.resourcesOfType("AWS::CloudFront::CachePolicy");
        List<Behaviour> behaviours = new ArrayList<>();
        for (Map<String, Object> behaviour : listOfMaps(config.get("CacheBehaviors"))) {
            behaviours.add(new Behaviour(String.valueOf(behaviour.get("PathPattern")),
                    policy(behaviour.get("CachePolicyId"), policies, template)));
        }
        Behaviour fallback = new Behaviour("*",
                policy(map(config.get("DefaultCacheBehavior")).get("CachePolicyId"), policies, template));
        Map<Integer, Long> errorTtl = new LinkedHashMap<>();
        for (Map<String, Object> error : listOfMaps(config.get("CustomErrorResponses"))) {
            // ErrorCachingMinTTL left out is CloudFront's default, 10 s
            Object ttl = error.get("ErrorCachingMinTTL");
            errorTtl.put(Integer.parseInt(String.valueOf(error.get("ErrorCode"))),
                    ttl == null ? 10 : Long.parseLong(String.valueOf(ttl)));
        }
        return new DistributionSpec(List.copyOf(behaviours), fallback, Map.copyOf(errorTtl));
    }

    /** The same distribution without its {@code CustomErrorResponses}: CloudFront's own error caching. */
    public DistributionSpec withoutCustomErrorResponses() {
        return new DistributionSpec(behaviours, defaultBehaviour, Map.of());
    }

    private static CachePolicy policy(Object id, Map<String, Map<String, Object>> policies, StackTemplate template) {
        if (id instanceof Intrinsic ref && "Ref".equals(ref.function())) {
            String logicalId = String.valueOf(ref.argument());
            Map<String, Object> policy = policies.get(logicalId);
            if (policy == null) {
                throw new IllegalArgumentException("no cache policy " + logicalId + " in the template");
            }
            return fromConfig(logicalId, map(policy.get("CachePolicyConfig")), template);
        }
        CachePolicy managed = MANAGED.get(String.valueOf(id));
        if (managed == null) {
            throw new IllegalArgumentException("a cache policy the local edge does not know: " + id);
        }
        return managed;
    }

    private static CachePolicy fromConfig(String name, Map<String, Object> config, StackTemplate template) {
        Map<String, Object> key = map(config.get("ParametersInCacheKeyAndForwardedToOrigin"));
        Map<String, Object> headers = map(key.get("HeadersConfig"));
        Map<String, Object> cookies = map(key.get("CookiesConfig"));
        Map<String, Object> queries = map(key.get("QueryStringsConfig"));
        return new CachePolicy(name, seconds(config.get("MinTTL"), template), seconds(config.get("DefaultTTL"), template),
                seconds(config.get("MaxTTL"), template),
                String.valueOf(headers.getOrDefault("HeaderBehavior", "none")), names(headers.get("Headers")),
                String.valueOf(cookies.getOrDefault("CookieBehavior", "none")), names(cookies.get("Cookies")),
                String.valueOf(queries.getOrDefault("QueryStringBehavior", "none")), names(queries.get("QueryStrings")),
                "true".equals(String.valueOf(key.get("EnableAcceptEncodingGzip"))),
                "true".equals(String.valueOf(key.get("EnableAcceptEncodingBrotli"))));
    }

    private static long seconds(Object value, StackTemplate template) {
        String resolved = template.resolve(value, StackTemplate.physicalIds(id -> {
            throw new IllegalArgumentException("a TTL cannot refer to resource " + id);
        }, (id, attribute) -> {
            throw new IllegalArgumentException("a TTL cannot refer to resource " + id);
        }));
        return resolved == null ? 0 : Long.parseLong(resolved.trim());
    }

    private static List<String> names(Object value) {
        List<String> names = new ArrayList<>();
        for (Object name : list(value)) {
            names.add(String.valueOf(name));
        }
        return List.copyOf(names);
    }
}
