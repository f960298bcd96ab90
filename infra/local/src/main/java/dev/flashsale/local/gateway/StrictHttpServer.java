package dev.flashsale.local.gateway;

import com.sun.net.httpserver.HttpHandler;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local gateway's HTTP/1.1 server. The JDK's {@code HttpServer} answers a bad URI or a bad Content-Length with
 * a {@code text/html} page naming a Java exception, and a bad chunk size or too many headers by closing the
 * connection; a gateway in front of the API must answer each with the API's JSON error. Requests are read strictly
 * ({@link RequestReader}), then given to an ordinary {@link HttpHandler} through {@link StrictExchange}.
 * One thread per connection, keep-alive, at most {@link #MAX_CONNECTIONS} connections at once.
 */
final class StrictHttpServer implements AutoCloseable {

    static final int MAX_CONNECTIONS = 1024;
    private static final int IDLE_TIMEOUT_MILLIS = 30_000;

    private final ServerSocket socket;
    private final HttpHandler handler;
    private final int maxBodyBytes;
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    StrictHttpServer(InetSocketAddress address, int backlog, HttpHandler handler, int maxBodyBytes) throws IOException {
        this.socket = new ServerSocket();
        this.socket.setReuseAddress(true);
        this.socket.bind(address, backlog);
        this.handler = handler;
        this.maxBodyBytes = maxBodyBytes;
        AtomicInteger threads = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "gateway-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.acceptor = new Thread(this::accept, "gateway-accept");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (active.incrementAndGet() > MAX_CONNECTIONS) {
                active.decrementAndGet();
                connections.execute(() -> refuse(client));
                continue;
            }
            open.add(client);
            connections.execute(() -> {
                try {
                    serve(client);
                } finally {
                    open.remove(client);
                    active.decrementAndGet();
                    quietlyClose(client);
                }
            });
        }
    }

    private void serve(Socket client) {
        try {
            client.setTcpNoDelay(true);
            client.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            InputStream in = new BufferedInputStream(client.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(client.getOutputStream(), 16 * 1024);
            RequestReader reader = new RequestReader(in, maxBodyBytes);
            InetSocketAddress remote = (InetSocketAddress) client.getRemoteSocketAddress();
            InetSocketAddress local = (InetSocketAddress) client.getLocalSocketAddress();
            while (!closed) {
                StrictExchange exchange;
                try {
                    RequestReader.Head head = reader.head();
                    if (head == null) {
                        return; // the client closed between requests
                    }
                    byte[] body = reader.body(head, out);
                    exchange = new StrictExchange(head, body, remote, local, out);
                } catch (ProtocolError error) {
                    answer(client, out, error.status, error.code, error.getMessage());
                    return;
                }
                try {
                    handler.handle(exchange);
                } catch (RuntimeException | IOException failed) {
                    if (exchange.getResponseCode() < 0) {
                        exchange.close(); // answers 500 in the API's shape
                    }
                    return;
                } finally {
                    exchange.close();
                    out.flush();
                }
                if (!exchange.completed() || !exchange.keepAlive()) {
                    return;
                }
            }
        } catch (SocketTimeoutException idle) {
            // an idle keep-alive connection, or a client that stopped sending: closed without a word
        } catch (IOException gone) {
            // the client went away
        }
    }

    /** The JSON error, then a lingering close: the client's unread bytes must not turn the answer into a reset. */
    private static void answer(Socket client, OutputStream out, int status, String code, String message) {
        try {
            byte[] body = ("{\"error\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + status + " " + StrictExchange.reason(status) + "\r\n"
                    + "Content-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            client.shutdownOutput();
            client.setSoTimeout(500);
            InputStream in = client.getInputStream();
            byte[] sink = new byte[8192];
            long drained = 0;
            while (drained < 1 << 20) {
                int n = in.read(sink);
                if (n < 0) {
                    break;
                }
                drained += n;
            }
        } catch (IOException ignored) {
            // the client is gone or slow: closing is all that is left
        }
    }

    private static void refuse(Socket client) {
        try {
            answer(client, client.getOutputStream(), 503, "OVERLOADED", "Too many open connections; try again shortly.");
        } catch (IOException ignored) {
            // nothing to answer on
        } finally {
            quietlyClose(client);
        }
    }

    private static void quietlyClose(Socket client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket client : open) {
            quietlyClose(client);
        }
        connections.shutdownNow();
    }
}
