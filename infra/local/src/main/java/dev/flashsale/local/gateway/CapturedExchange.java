package dev.flashsale.local.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The viewer's request, with the origin's answer kept instead of sent: what the edge cache stores and then sends.
 * Closing it sends nothing; the edge answers the viewer.
 */
final class CapturedExchange extends HttpExchange {

    private final HttpExchange viewer;
    private final Headers responseHeaders = new Headers();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = -1;

    CapturedExchange(HttpExchange viewer) {
        this.viewer = viewer;
    }

    /** The origin's answer; a handler that sent nothing answered 500, as a failed origin would read. */
    EdgeCache.Answer answer() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        responseHeaders.forEach((name, values) -> headers.put(name, List.copyOf(values)));
        return new EdgeCache.Answer(status < 0 ? 500 : status, headers, body.toByteArray());
    }

    @Override
    public Headers getRequestHeaders() {
        return viewer.getRequestHeaders();
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return viewer.getRequestURI();
    }

    @Override
    public String getRequestMethod() {
        return viewer.getRequestMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        return viewer.getHttpContext();
    }

    @Override
    public void close() {
        // the edge sends the answer
    }

    @Override
    public InputStream getRequestBody() {
        return viewer.getRequestBody();
    }

    @Override
    public OutputStream getResponseBody() {
        return body;
    }

    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (status >= 0) {
            throw new IOException("headers already sent");
        }
        status = code;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return viewer.getRemoteAddress();
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return viewer.getLocalAddress();
    }

    @Override
    public String getProtocol() {
        return viewer.getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return viewer.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        viewer.setAttribute(name, value);
    }

    @Override
    public void setStreams(InputStream in, OutputStream out) {
        throw new UnsupportedOperationException("the edge keeps the origin's streams");
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return viewer.getPrincipal();
    }
}
