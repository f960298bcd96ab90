package dev.flashsale.local.gateway;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks a request's AWS Signature Version 4 ({@code Authorization: AWS4-HMAC-SHA256 ...}) the way API Gateway
 * does for an {@code AWS_IAM} route: the credential's scope (date, region, service {@code execute-api}), the
 * request time within five minutes, and the signature recomputed over the canonical request (method, path
 * encoded twice as the SDKs sign it, sorted query, the signed headers, the body's SHA-256) with the caller's
 * secret. Refusals carry API Gateway's response type and message.
 */
public final class SigV4Verifier {

    /** A refusal: API Gateway's gateway-response type and its message. */
    public record Refusal(String responseType, String message) {
    }

    static final String SERVICE = "execute-api";
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for "
            + "details.";

    private final Map<String, String> secretsByAccessKey;
    private final String region;

    public SigV4Verifier(Map<String, String> secretsByAccessKey, String region) {
        this.secretsByAccessKey = Map.copyOf(secretsByAccessKey);
        this.region = region;
    }

    /**
     * Empty when the signature holds. {@code headers} by lower-case name, each with its values in order;
     * {@code rawPath} and {@code rawQuery} as they came on the wire.
     */
    public Optional<Refusal> verify(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                                    byte[] body, Instant now) {
        String authorization = first(headers, "authorization");
        if (authorization == null) {
            return refuse("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token");
        }
        if (!authorization.startsWith(ALGORITHM + " ")) {
            return refuse("INVALID_SIGNATURE", "Authorization header requires the " + ALGORITHM + " algorithm.");
        }
        Map<String, String> fields = new TreeMap<>();
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String credential = fields.get("Credential");
        String signedHeaders = fields.get("SignedHeaders");
        String signature = fields.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            return refuse("INVALID_SIGNATURE", "Authorization header requires 'Credential', 'Signature' and "
                    + "'SignedHeaders' parameters.");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            return refuse("INVALID_SIGNATURE", "Credential should be <access key>/<date>/<region>/<service>/aws4_request.");
        }
        String secret = secretsByAccessKey.get(scope[0]);
        if (secret == null) {
            return refuse("ACCESS_DENIED", "The security token included in the request is invalid.");
        }
        if (!scope[2].equals(region)) {
            return refuse("INVALID_SIGNATURE", "Credential should be scoped to a valid region, not '" + scope[2] + "'.");
        }
        if (!scope[3].equals(SERVICE)) {
            return refuse("INVALID_SIGNATURE", "Credential should be scoped to correct service: '" + SERVICE + "'.");
        }
        String amzDate = first(headers, "x-amz-date");
        if (amzDate == null) {
            return refuse("INVALID_SIGNATURE", "Authorization header requires existence of either a 'X-Amz-Date' or "
                    + "a 'Date' header.");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            return refuse("INVALID_SIGNATURE", "X-Amz-Date must be in the ISO8601 basic format (yyyyMMdd'T'HHmmss'Z').");
        }
        if (!amzDate.startsWith(scope[1])) {
            return refuse("INVALID_SIGNATURE", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version "
                    + "of date from HTTP: '" + scope[1] + "' != '" + amzDate.substring(0, 8) + "'");
        }
        if (signedAt.isBefore(now.minus(SKEW))) {
            return refuse("INVALID_SIGNATURE", "Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(SKEW)) + " (" + AMZ_DATE.format(now) + " - 5 min.)");
        }
        if (signedAt.isAfter(now.plus(SKEW))) {
            return refuse("INVALID_SIGNATURE", "Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(SKEW)) + " (" + AMZ_DATE.format(now) + " + 5 min.)");
        }
        List<String> names = List.of(signedHeaders.split(";"));
        if (!names.contains("host")) {
            return refuse("INVALID_SIGNATURE", "'Host' must be a signed header.");
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : names) {
            List<String> values = headers.get(name);
            if (values == null) {
                return refuse("INVALID_SIGNATURE", MISMATCH);
            }
            List<String> trimmed = new ArrayList<>();
            values.forEach(v -> trimmed.add(v.trim().replaceAll("\\s+", " ")));
            canonicalHeaders.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        String canonicalRequest = method + "\n" + canonicalPath(rawPath) + "\n" + canonicalQuery(rawQuery) + "\n"
                + canonicalHeaders + "\n" + signedHeaders + "\n" + hex(sha256(body));
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope[1] + "/" + scope[2] + "/" + scope[3]
                + "/aws4_request\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        key = hmac(key, "aws4_request");
        byte[] expected = hmac(key, stringToSign);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException notHex) {
            return refuse("INVALID_SIGNATURE", MISMATCH);
        }
        return MessageDigest.isEqual(expected, given) ? Optional.empty() : refuse("INVALID_SIGNATURE", MISMATCH);
    }

    private static Optional<Refusal> refuse(String type, String message) {
        return Optional.of(new Refusal(type, message));
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The path without dot segments, each segment encoded once more (the SDKs' double encoding for execute-api). */
    static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else if (!segment.equals(".")) {
                segments.add(segment);
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(encode(segments.get(i)));
        }
        String path = out.toString();
        return path.startsWith("/") ? path : "/" + path;
    }

    /** Parameters decoded, then encoded as SigV4 wants, sorted by name then value. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(new String[]{encode(decode(name)), encode(decode(value))});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> joined = new ArrayList<>();
        pairs.forEach(p -> joined.add(p[0] + "=" + p[1]));
        return String.join("&", joined);
    }

    /** RFC 3986 encoding: unreserved characters kept, every other byte as %XX. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** Percent-decoding only ('+' stays '+': SigV4 clients encode a space as %20). */
    static String decode(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && HexFormat.isHexDigit(text.charAt(i + 1))
                    && HexFormat.isHexDigit(text.charAt(i + 2))) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
