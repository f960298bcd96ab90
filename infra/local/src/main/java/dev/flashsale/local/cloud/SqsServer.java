package dev.flashsale.local.cloud;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ, an SQS-compatible server, in this JVM on a loopback port. */
public final class SqsServer implements AutoCloseable {

    private final SQSRestServer server;
    private final int port;

    private SqsServer(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static SqsServer start() {
        return start(FreePort.find());
    }

    public static SqsServer start(int port) {
        SQSRestServer server = SQSRestServerBuilder
                .withInterface("127.0.0.1")
                .withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion("us-east-1")
                .withAWSAccountId("000000000000")
                .start();
        server.waitUntilStarted();
        return new SqsServer(server, port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Whether it still answers on its port (it runs in this JVM: it stops, it does not crash alone). */
    public boolean isAlive() {
        // Generous: a false alarm would restart it and lose its in-memory messages, so a slow machine must not
        // look like a dead server. A stopped server refuses at once.
        for (int attempt = 0; attempt < 2; attempt++) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 3000);
                return true;
            } catch (java.io.IOException refusedOrSlow) {
                // try once more
            }
        }
        return false;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
