package dev.flashsale.local.cloud;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.Map;

/**
 * LocalStack in Docker, through Testcontainers: its one edge port mapped to a loopback port, DynamoDB, SQS and
 * Secrets Manager behind it. The image is pinned to the last tag that starts without an account
 * ({@code localstack/localstack:latest} and later tags refuse to start without {@code LOCALSTACK_AUTH_TOKEN});
 * a token set in the environment is passed through, so another image can be chosen with
 * {@code FLASHSALE_LOCALSTACK_IMAGE}.
 */
public final class LocalStack implements AutoCloseable {

    /** The last LocalStack release that starts without LOCALSTACK_AUTH_TOKEN. */
    public static final String IMAGE = "localstack/localstack:4.14.0";

    /** A command run with the emulator's endpoint in its flags ({@code local}, in practice). */
    public interface Command {
        int run(Map<String, String> flags) throws Exception;
    }

    private final LocalStackContainer container;

    private LocalStack(LocalStackContainer container) {
        this.container = container;
    }

    /** The image to run: {@code FLASHSALE_LOCALSTACK_IMAGE}, else {@link #IMAGE}. */
    public static String image() {
        String chosen = System.getenv("FLASHSALE_LOCALSTACK_IMAGE");
        return chosen == null || chosen.isBlank() ? IMAGE : chosen;
    }

    /** Whether a Docker engine answers (Testcontainers' own discovery: DOCKER_HOST, the socket, its config). */
    public static boolean dockerAvailable() {
        // Testcontainers reports a failed discovery at length; here the one-line answer is the caller's.
        System.setProperty("org.slf4j.simpleLogger.log.org.testcontainers", "off");
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Starts LocalStack; {@link AwsEmulator.Unavailable} without a Docker engine. */
    public static LocalStack start(String image) {
        if (!dockerAvailable()) {
            throw new AwsEmulator.Unavailable("LocalStack needs a Docker engine and none answers here (DOCKER_HOST, "
                    + "/var/run/docker.sock); run any AWS emulator yourself and use --aws-endpoint URL instead");
        }
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image)
                .asCompatibleSubstituteFor("localstack/localstack"))
                .withEnv("SERVICES", "dynamodb,sqs,secretsmanager");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            container = container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        container.start();
        return new LocalStack(container);
    }

    /** {@code ./flashsale localstack}: LocalStack started, then {@code local --aws-endpoint} against it. */
    public static int runLocal(Map<String, String> flags, Command local) throws Exception {
        if (flags.containsKey("aws-endpoint")) {
            throw new AwsEmulator.Unavailable("localstack starts its own emulator: leave out --aws-endpoint");
        }
        String image = image();
        System.err.println("starting LocalStack (" + image + ") in Docker...");
        LocalStack localStack = start(image);
        Runtime.getRuntime().addShutdownHook(new Thread(localStack::close));
        try {
            flags.put("aws-endpoint", localStack.endpoint());
            return local.run(flags);
        } finally {
            localStack.close();
        }
    }

    /** The edge endpoint on this machine, e.g. {@code http://127.0.0.1:32768}. */
    public String endpoint() {
        return container.getEndpoint().toString();
    }

    @Override
    public void close() {
        container.stop();
    }
}
