package dev.flashsale.local.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One request of {@link StrictHttpServer}, behind the JDK's {@link HttpExchange} API so that the gateway's
 * handlers are unchanged. The body is already read (and checked); the response is written as the JDK's server
 * writes it: {@code sendResponseHeaders(code, n)} with n > 0 a fixed length, 0 chunked, -1 no body.
 */
final class StrictExchange extends HttpExchange {

    private final RequestReader.Head head;
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final OutputStream socketOut;
    private InputStream requestBody;
    private OutputStream responseBody;
    private int responseCode = -1;
    private boolean complete = true;
    private boolean closed;
    private Consumer<Headers> beforeHeadersSent = headers -> { };

    StrictExchange(RequestReader.Head head, byte[] body, InetSocketAddress remote, InetSocketAddress local,
                   OutputStream socketOut) {
        this.head = head;
        this.requestBody = new ByteArrayInputStream(body);
        this.remote = remote;
        this.local = local;
        this.socketOut = socketOut;
    }

    @Override
    public Headers getRequestHeaders() {
        return head.headers();
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return head.uri();
    }

    @Override
    public String getRequestMethod() {
        return head.method();
    }

    @Override
    public HttpContext getHttpContext() {
        return null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (responseCode < 0) {
                // a handler that never answered: the client still gets the API's error shape
                responseHeaders.set("Content-Type", "application/json; charset=utf-8");
                byte[] error = "{\"error\":\"INTERNAL_ERROR\",\"message\":\"The local gateway gave no answer.\"}"
                        .getBytes(StandardCharsets.UTF_8);
                sendResponseHeaders(500, error.length);
                responseBody.write(error);
            }
            responseBody.close();
        } catch (IOException e) {
            complete = false;
        }
    }

    /** What the edge in front does to every answer's headers, whoever writes the answer (CloudFront's policies). */
    void beforeHeadersSent(Consumer<Headers> edit) {
        this.beforeHeadersSent = edit;
    }

    boolean keepAlive() {
        return head.keepAlive();
    }

    /** True when the response went out whole, so the connection can carry the next request. */
    boolean completed() {
        return closed && complete;
    }

    @Override
    public InputStream getRequestBody() {
        return requestBody;
    }

    @Override
    public OutputStream getResponseBody() {
        return responseBody;
    }

    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (responseCode >= 0) {
            throw new IOException("headers already sent");
        }
        responseCode = code;
        beforeHeadersSent.accept(responseHeaders);
        boolean noBody = length < 0 || code == 204 || code == 304 || code < 200 || "HEAD".equals(head.method());
        StringBuilder out = new StringBuilder("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
        responseHeaders.remove("Content-Length");
        responseHeaders.remove("Transfer-Encoding");
        if (!head.keepAlive()) {
            responseHeaders.set("Connection", "close");
        }
        for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
            for (String value : header.getValue()) {
                out.append(header.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        if (noBody) {
            if (code != 204 && code != 304 && code >= 200) {
                out.append("Content-Length: ").append(Math.max(0, length)).append("\r\n");
            }
            responseBody = new FixedLengthOutput(socketOut, 0);
        } else if (length == 0) {
            out.append("Transfer-Encoding: chunked\r\n");
            responseBody = new ChunkedOutput(socketOut);
        } else {
            out.append("Content-Length: ").append(length).append("\r\n");
            responseBody = new FixedLengthOutput(socketOut, length);
        }
        out.append("\r\n");
        socketOut.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public String getProtocol() {
        return head.protocol();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream in, OutputStream out) {
        if (in != null) {
            requestBody = in;
        }
        if (out != null) {
            responseBody = out;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    static String reason(int code) {
        switch (code) {
            case 200: return "OK";
            case 201: return "Created";
            case 202: return "Accepted";
            case 204: return "No Content";
            case 304: return "Not Modified";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 410: return "Gone";
            case 413: return "Content Too Large";
            case 414: return "URI Too Long";
            case 415: return "Unsupported Media Type";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 505: return "HTTP Version Not Supported";
            default: return "Status";
        }
    }

    /** Writes exactly the announced bytes; closing early leaves the response incomplete. */
    private final class FixedLengthOutput extends OutputStream {
        private final OutputStream out;
        private long remaining;
        private boolean done;

        FixedLengthOutput(OutputStream out, long length) {
            this.out = out;
            this.remaining = length;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > remaining) {
                throw new IOException("more bytes than the Content-Length");
            }
            out.write(b, off, len);
            remaining -= len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                out.flush();
                if (remaining > 0) {
                    complete = false;
                }
            }
        }
    }

    private static final class ChunkedOutput extends OutputStream {
        private final OutputStream out;
        private boolean done;

        ChunkedOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, off, len);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
    }
}
