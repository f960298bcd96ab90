package dev.flashsale.local.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.flashsale.local.template.TemplateNodes.listOfMaps;
import static dev.flashsale.local.template.TemplateNodes.map;

/**
 * A distribution's cache behaviours with the headers their {@code AWS::CloudFront::ResponseHeadersPolicy} adds,
 * as CloudFront writes them on the answer. A part of a policy this does not model is refused, so that the local
 * answers never differ from the cloud's in silence.
 */
final class ResponseHeadersPolicies {

    private static final List<String> MODELLED = List.of("Name", "Comment", "SecurityHeadersConfig",
            "CustomHeadersConfig", "RemoveHeadersConfig");

    private ResponseHeadersPolicies() {
    }

    /** The behaviours in CloudFront's order of matching: the {@code CacheBehaviors} as listed, then the default. */
    static List<Specs.BehaviourHeaders> of(Map<String, Object> distributionConfig,
                                            Map<String, Map<String, Object>> policies,
                                            Function<Object, String> resolve) {
        List<Specs.BehaviourHeaders> behaviours = new ArrayList<>();
        for (Map<String, Object> behaviour : listOfMaps(distributionConfig.get("CacheBehaviors"))) {
            behaviours.add(new Specs.BehaviourHeaders(resolve.apply(behaviour.get("PathPattern")),
                    headers(behaviour, policies, resolve)));
        }
        behaviours.add(new Specs.BehaviourHeaders("*",
                headers(map(distributionConfig.get("DefaultCacheBehavior")), policies, resolve)));
        return behaviours;
    }

    private static List<Specs.ResponseHeader> headers(Map<String, Object> behaviour,
                                                      Map<String, Map<String, Object>> policies,
                                                      Function<Object, String> resolve) {
        Object id = behaviour.get("ResponseHeadersPolicyId");
        if (id == null) {
            return List.of();
        }
        if (!(id instanceof Intrinsic ref && "Ref".equals(ref.function()) && policies.containsKey(ref.argument()))) {
            throw new IllegalStateException("A response headers policy not of this template: " + id);
        }
        Map<String, Object> config = map(policies.get(String.valueOf(ref.argument())).get("ResponseHeadersPolicyConfig"));
        config.keySet().stream().filter(key -> !MODELLED.contains(key)).findFirst().ifPresent(key -> {
            throw new IllegalStateException("The local gateway does not model " + key + " of " + ref.argument());
        });
        List<Specs.ResponseHeader> headers = new ArrayList<>();
        security(map(config.get("SecurityHeadersConfig")), resolve, headers);
        for (Map<String, Object> item : listOfMaps(map(config.get("CustomHeadersConfig")).get("Items"))) {
            headers.add(new Specs.ResponseHeader(resolve.apply(item.get("Header")), resolve.apply(item.get("Value")),
                    isTrue(item.get("Override"))));
        }
        for (Map<String, Object> item : listOfMaps(map(config.get("RemoveHeadersConfig")).get("Items"))) {
            headers.add(new Specs.ResponseHeader(resolve.apply(item.get("Header")), null, true));
        }
        return List.copyOf(headers);
    }

    /** The headers of {@code SecurityHeadersConfig}, named and valued as CloudFront sends them. */
    private static void security(Map<String, Object> security, Function<Object, String> resolve,
                                 List<Specs.ResponseHeader> headers) {
        Map<String, Object> csp = map(security.get("ContentSecurityPolicy"));
        if (!csp.isEmpty()) {
            headers.add(header("Content-Security-Policy", resolve.apply(csp.get("ContentSecurityPolicy")), csp));
        }
        Map<String, Object> typeOptions = map(security.get("ContentTypeOptions"));
        if (security.containsKey("ContentTypeOptions")) {
            headers.add(header("X-Content-Type-Options", "nosniff", typeOptions));
        }
        Map<String, Object> frame = map(security.get("FrameOptions"));
        if (!frame.isEmpty()) {
            headers.add(header("X-Frame-Options", resolve.apply(frame.get("FrameOption")), frame));
        }
        Map<String, Object> referrer = map(security.get("ReferrerPolicy"));
        if (!referrer.isEmpty()) {
            headers.add(header("Referrer-Policy", resolve.apply(referrer.get("ReferrerPolicy")), referrer));
        }
        Map<String, Object> hsts = map(security.get("StrictTransportSecurity"));
        if (!hsts.isEmpty()) {
            headers.add(header("Strict-Transport-Security", "max-age=" + resolve.apply(hsts.get("AccessControlMaxAgeSec"))
                    + (isTrue(hsts.get("IncludeSubdomains")) ? "; includeSubDomains" : "")
                    + (isTrue(hsts.get("Preload")) ? "; preload" : ""), hsts));
        }
        Map<String, Object> xss = map(security.get("XSSProtection"));
        if (!xss.isEmpty()) {
            String value = !isTrue(xss.get("Protection")) ? "0" : "1"
                    + (isTrue(xss.get("ModeBlock")) ? "; mode=block" : "")
                    + (xss.get("ReportUri") != null ? "; report=" + resolve.apply(xss.get("ReportUri")) : "");
            headers.add(header("X-XSS-Protection", value, xss));
        }
    }

    private static Specs.ResponseHeader header(String name, String value, Map<String, Object> setting) {
        return new Specs.ResponseHeader(name, value, isTrue(setting.get("Override")));
    }

    private static boolean isTrue(Object value) {
        return value != null && "true".equalsIgnoreCase(String.valueOf(value));
    }
}
