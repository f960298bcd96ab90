package dev.flashsale.local.gateway;

import com.sun.net.httpserver.Headers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 request strictly, as a front such as API Gateway or CloudFront does before any code runs:
 * a request line of a token method, an origin-form target that is a valid URI with well-formed escapes and a known
 * version; at most {@link #MAX_HEADERS} well-formed header lines; one framing of the body (a single
 * non-negative Content-Length, or chunked, never both); chunk sizes in hex. Anything else is a
 * {@link ProtocolError}, never a guess.
 */
final class RequestReader {

    static final int MAX_REQUEST_LINE = 8 * 1024;
    static final int MAX_HEADER_BYTES = 32 * 1024;
    static final int MAX_HEADERS = 100;

    /** A parsed request head; {@code body} is read after it. */
    record Head(String method, URI uri, String protocol, Headers headers, long contentLength, boolean chunked,
                boolean keepAlive, boolean expectsContinue) {
    }

    private final InputStream in;
    private final int maxBodyBytes;

    RequestReader(InputStream in, int maxBodyBytes) {
        this.in = in;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The next request head, or null when the client closed the connection between requests. */
    Head head() throws IOException, ProtocolError {
        String requestLine = line(MAX_REQUEST_LINE, true, 414, "URI_TOO_LONG", "The request line is too long.");
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0])) {
            throw invalid("The request line must be: METHOD SP /path SP HTTP/1.1.");
        }
        String protocol = parts[2];
        if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
            throw new ProtocolError(505, "HTTP_VERSION_NOT_SUPPORTED", "Only HTTP/1.1 and HTTP/1.0 are served.");
        }
        URI uri = target(parts[1]);
        Headers headers = new Headers();
        int headerBytes = 0;
        int count = 0;
        while (true) {
            String line = line(MAX_HEADER_BYTES, false, 431, "HEADERS_TOO_LARGE", "The request headers are too large.");
            if (line == null) {
                throw invalid("The request ended inside its headers.");
            }
            if (line.isEmpty()) {
                break;
            }
            headerBytes += line.length() + 2;
            if (++count > MAX_HEADERS || headerBytes > MAX_HEADER_BYTES) {
                throw new ProtocolError(431, "HEADERS_TOO_LARGE",
                        "At most " + MAX_HEADERS + " headers and " + MAX_HEADER_BYTES + " bytes of them are accepted.");
            }
            header(line, headers);
        }
        return frame(parts[0], uri, protocol, headers);
    }

    private static URI target(String target) throws ProtocolError {
        if (!target.startsWith("/")) {
            throw invalid("The request target must be a path starting with /.");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw invalid("The request target has a character that must be percent-encoded.");
            }
            if (c == '%' && (i + 2 >= target.length() || !isHex(target.charAt(i + 1)) || !isHex(target.charAt(i + 2)))) {
                throw invalid("The request target has a malformed percent-escape (% must be followed by two hex digits).");
            }
        }
        try {
            return new URI(target);
        } catch (URISyntaxException e) {
            throw invalid("The request target is not a valid URI.");
        }
    }

    private static void header(String line, Headers headers) throws ProtocolError {
        if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
            throw invalid("Folded header lines are not accepted.");
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.substring(0, colon))) {
            throw invalid("A header line must be: Name: value.");
        }
        String value = line.substring(colon + 1).strip();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw invalid("A header value has a control character.");
            }
        }
        headers.add(line.substring(0, colon), value);
    }

    private Head frame(String method, URI uri, String protocol, Headers headers) throws ProtocolError {
        List<String> lengths = headers.get("Content-Length");
        List<String> encodings = headers.get("Transfer-Encoding");
        if (lengths != null && encodings != null) {
            throw invalid("Content-Length and Transfer-Encoding must not come together.");
        }
        long length = 0;
        if (lengths != null) {
            String first = null;
            for (String value : lengths) {
                for (String item : value.split(",", -1)) {
                    String text = item.strip();
                    if (first != null && !first.equals(text)) {
                        throw invalid("Content-Length is given twice with different values.");
                    }
                    first = text;
                }
            }
            if (first == null || first.isEmpty() || first.length() > 18 || !first.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw invalid("Content-Length must be a non-negative integer of at most 18 digits.");
            }
            length = Long.parseLong(first);
            if (length > maxBodyBytes) {
                throw new ProtocolError(413, "PAYLOAD_TOO_LARGE", "The request body is too large.");
            }
        }
        boolean chunked = false;
        if (encodings != null) {
            if (encodings.size() != 1 || !encodings.get(0).equalsIgnoreCase("chunked")) {
                throw new ProtocolError(501, "NOT_IMPLEMENTED", "Only Transfer-Encoding: chunked is supported.");
            }
            chunked = true;
        }
        String connection = String.valueOf(headers.getFirst("Connection")).toLowerCase(Locale.ROOT);
        boolean keepAlive = protocol.equals("HTTP/1.1") ? !connection.contains("close") : connection.contains("keep-alive");
        boolean expectsContinue = "100-continue".equalsIgnoreCase(headers.getFirst("Expect"));
        return new Head(method, uri, protocol, headers, length, chunked, keepAlive, expectsContinue);
    }

    /** The whole body of a request, de-chunked; sends 100 Continue first when the client waits for it. */
    byte[] body(Head head, OutputStream out) throws IOException, ProtocolError {
        if (head.expectsContinue() && (head.chunked() || head.contentLength() > 0)) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        if (!head.chunked()) {
            byte[] body = in.readNBytes((int) head.contentLength());
            if (body.length < head.contentLength()) {
                throw invalid("The body is shorter than its Content-Length.");
            }
            return body;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(1024, false, 400, "INVALID_REQUEST", "A chunk-size line is too long.");
            if (sizeLine == null) {
                throw invalid("The chunked body ended early.");
            }
            String size = sizeLine.split(";", 2)[0].strip();
            if (size.isEmpty() || size.length() > 8 || !size.chars().allMatch(c -> isHex((char) c))) {
                throw invalid("A chunk size must be 1 to 8 hex digits.");
            }
            long chunk = Long.parseLong(size, 16);
            if (chunk == 0) {
                break;
            }
            if (body.size() + chunk > maxBodyBytes) {
                throw new ProtocolError(413, "PAYLOAD_TOO_LARGE", "The request body is too large.");
            }
            byte[] data = in.readNBytes((int) chunk);
            if (data.length < chunk || in.read() != '\r' || in.read() != '\n') {
                throw invalid("A chunk is shorter than its size or not followed by CRLF.");
            }
            body.write(data);
        }
        for (int trailers = 0; ; trailers++) { // trailers are read and dropped
            String trailer = line(MAX_HEADER_BYTES, false, 431, "HEADERS_TOO_LARGE", "A trailer is too large.");
            if (trailer == null) {
                throw invalid("The chunked body ended early.");
            }
            if (trailer.isEmpty()) {
                break;
            }
            if (trailers >= MAX_HEADERS) {
                throw new ProtocolError(431, "HEADERS_TOO_LARGE", "Too many trailers.");
            }
        }
        return body.toByteArray();
    }

    /**
     * One line ending in CRLF (a bare LF is refused), as ISO-8859-1; null at end of stream before any byte
     * (and, for the request line, after leading empty lines, which RFC 9112 lets a server skip).
     */
    private String line(int max, boolean requestLine, int tooLongStatus, String tooLongCode, String tooLong)
            throws IOException, ProtocolError {
        StringBuilder text = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (text.length() == 0) {
                    return null;
                }
                throw invalid("The request ended in the middle of a line.");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw invalid("A line must end with CRLF.");
                }
                if (requestLine && text.length() == 0) {
                    continue;
                }
                return text.toString();
            }
            if (b == '\n') {
                throw invalid("A line must end with CRLF, not a bare LF.");
            }
            if (text.length() >= max) {
                throw new ProtocolError(tooLongStatus, tooLongCode, tooLong);
            }
            text.append((char) b);
        }
    }

    private static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static ProtocolError invalid(String message) {
        return new ProtocolError(400, "INVALID_REQUEST", message);
    }
}
