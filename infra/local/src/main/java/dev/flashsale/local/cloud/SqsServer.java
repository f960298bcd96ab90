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
        int port = FreePort.find();
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

    @Override
    public void close() {
        server.stopAndWait();
    }
}
