package dev.flashsale.local.gateway;

import com.sun.net.httpserver.HttpExchange;
import dev.flashsale.local.template.WafChallengeSpec;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AWS WAF's Challenge action on the distribution, off until a test (or an operator trying the page) turns it on
 * with {@link #expireTokens()}: from then, a request to a path of the template's challenge rule without a token
 * issued since is answered by WAF itself, {@code 202} with {@code x-amzn-waf-action: challenge} and no body, never
 * reaching CloudFront's cache or the API. A page request ({@code Accept: text/html}) is where AWS serves the
 * interstitial whose script earns the {@code aws-waf-token} cookie; the local edge stands in for that script
 * passing and sets the cookie on the page's own answer.
 */
public final class WafChallenge {

    public static final String ACTION_HEADER = "x-amzn-waf-action";
    public static final String TOKEN_COOKIE = "aws-waf-token";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<WafChallengeSpec.UriMatch> matches;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private volatile boolean on;

    public WafChallenge(List<WafChallengeSpec.UriMatch> matches) {
        this.matches = List.copyOf(matches);
    }

    /** Every token issued so far has expired (the immunity time passed), and the challenge is on from now. */
    public void expireTokens() {
        tokens.clear();
        on = true;
    }

    /** Off again: no request is challenged. */
    public void off() {
        on = false;
    }

    /**
     * Whether WAF answers this request itself. A page request it would challenge instead earns a token here (the
     * interstitial's script passing): the cookie goes on the answer's headers and the request goes on.
     */
    boolean challenges(HttpExchange exchange) {
        if (!on) {
            return false;
        }
        String path = exchange.getRequestURI().getRawPath();
        if (matches.stream().noneMatch(match -> match.matches(path)) || hasToken(exchange)) {
            return false;
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (accept != null && accept.contains("text/html")) {
            String token = HexFormat.of().formatHex(nextToken());
            tokens.add(token);
            exchange.getResponseHeaders().add("Set-Cookie", TOKEN_COOKIE + "=" + token + "; Path=/; SameSite=Lax");
            return false;
        }
        return true;
    }

    private static byte[] nextToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private boolean hasToken(HttpExchange exchange) {
        List<String> cookies = exchange.getRequestHeaders().get("Cookie");
        if (cookies == null) {
            return false;
        }
        for (String header : cookies) {
            for (String cookie : header.split(";")) {
                String trimmed = cookie.trim();
                if (trimmed.startsWith(TOKEN_COOKIE + "=") && tokens.contains(trimmed.substring(TOKEN_COOKIE.length() + 1))) {
                    return true;
                }
            }
        }
        return false;
    }
}
