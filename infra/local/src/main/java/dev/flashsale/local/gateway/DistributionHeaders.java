package dev.flashsale.local.gateway;

import com.sun.net.httpserver.Headers;
import dev.flashsale.local.template.Specs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What CloudFront's response headers policies do to an answer of the distribution: the first cache behaviour whose
 * path pattern matches the request (in the distribution's order, the default last) puts its policy's headers on
 * the answer, the origin's (a function's, the gateway's own, the page's) included.
 */
public final class DistributionHeaders {

    private record Behaviour(Pattern path, List<Specs.ResponseHeader> headers) {
    }

    private final List<Behaviour> behaviours = new ArrayList<>();

    public DistributionHeaders(List<Specs.BehaviourHeaders> behaviours) {
        for (Specs.BehaviourHeaders behaviour : behaviours) {
            this.behaviours.add(new Behaviour(pattern(behaviour.pathPattern()), behaviour.headers()));
        }
    }

    public static DistributionHeaders none() {
        return new DistributionHeaders(List.of());
    }

    /** Applies the policy of the behaviour serving {@code path} to the answer's {@code headers}. */
    void apply(String path, Headers headers) {
        for (Behaviour behaviour : behaviours) {
            if (behaviour.path().matcher(path).matches()) {
                for (Specs.ResponseHeader header : behaviour.headers()) {
                    if (header.value() == null) {
                        headers.remove(header.name());
                    } else if (header.override() || !headers.containsKey(header.name())) {
                        headers.set(header.name(), header.value());
                    }
                }
                return;
            }
        }
    }

    /** CloudFront's path pattern: {@code *} any run of characters, {@code ?} one; the leading slash optional. */
    private static Pattern pattern(String pathPattern) {
        String written = pathPattern.startsWith("/") || pathPattern.startsWith("*") ? pathPattern : "/" + pathPattern;
        StringBuilder regex = new StringBuilder();
        for (char c : written.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
