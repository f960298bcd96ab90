package dev.flashsale.tests;

import dev.flashsale.local.cloud.AwsEmulator;
import dev.flashsale.local.cloud.LocalStack;
import org.junit.jupiter.api.Assumptions;

import java.util.Optional;
import java.util.UUID;

/**
 * The one setting behind the AWS-facing tests (tagged {@value #TAG}): {@code AWS_ENDPOINT_URL} (or
 * {@code -Daws.endpointUrl}) names an AWS emulator serving DynamoDB, SQS and Secrets Manager, and the tests run
 * there; unset, they run on the embedded servers (dynalite, ElasticMQ). {@code -Dflashsale.localstack=true} (the
 * {@code -Plocalstack} profile) starts LocalStack through Testcontainers and uses its endpoint the same way, or
 * skips the tests with a message where no Docker engine answers.
 */
public final class AwsTarget {

    public static final String TAG = "aws";

    /** This test run's resources on a shared emulator: {@code it-<run>-<part>-LogicalId}. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    private static Optional<String> endpoint;
    private static String unavailable;

    private AwsTarget() {
    }

    /** The emulator's endpoint, if the tests run on one; skips the calling test when LocalStack cannot start. */
    public static synchronized Optional<String> endpoint() {
        unavailable().ifPresent(Assumptions::abort);
        return endpoint;
    }

    /** Why the AWS-facing tests cannot run here (LocalStack asked for, no Docker engine); empty when they can. */
    public static synchronized Optional<String> unavailable() {
        if (endpoint == null && unavailable == null) {
            String configured = System.getProperty("aws.endpointUrl", System.getenv("AWS_ENDPOINT_URL"));
            if (configured != null && !configured.isBlank()) {
                endpoint = Optional.of(configured);
            } else if (Boolean.getBoolean("flashsale.localstack")) {
                String started = startLocalStack();
                endpoint = started == null ? null : Optional.of(started);
            } else {
                endpoint = Optional.empty();
            }
        }
        return Optional.ofNullable(unavailable);
    }

    private static String startLocalStack() {
        if (!LocalStack.dockerAvailable()) {
            unavailable = "-Plocalstack: no Docker engine answers here, so LocalStack cannot start; "
                    + "the AWS-facing tests are skipped";
            System.err.println(unavailable);
            return null;
        }
        LocalStack localStack = LocalStack.start(LocalStack.image());
        Runtime.getRuntime().addShutdownHook(new Thread(localStack::close));
        return localStack.endpoint();
    }

    public static boolean onEmulator() {
        return endpoint().isPresent();
    }

    /** The emulator for one stack of this run ({@code part} keeps stacks of one JVM apart); null when embedded. */
    public static AwsEmulator emulator(String part) {
        return endpoint().map(url -> AwsEmulator.of(url, "it-" + RUN + "-" + part)).orElse(null);
    }

    /**
     * A count for the embedded servers, or the smaller one for an emulator: moto does ~200 conditional writes a
     * second, so the emulator path checks behaviour with fewer buyers, never load.
     */
    public static int scaled(int embedded, int onEmulator) {
        return onEmulator() ? onEmulator : embedded;
    }
}
