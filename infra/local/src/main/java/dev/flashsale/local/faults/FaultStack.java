package dev.flashsale.local.faults;

import dev.flashsale.local.cloud.LocalCloud;
import dev.flashsale.local.functions.FunctionHost;
import dev.flashsale.local.queue.QueuePoller;
import dev.flashsale.local.template.Specs;
import dev.flashsale.local.template.StackTemplate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Wires a {@link FaultInjector} into the local stack: the functions' DynamoDB and SQS endpoints point at its
 * proxies, their containers and event sources report to it, and it may stop the DynamoDB server or restart the
 * cache. Two run settings are shortened so the run sees in minutes what production sees in hours: the reconciler
 * releases what is unclaimed at its first pass after the sale ({@code FLASHSALE_RECONCILE_AFTER_MINUTES} 0; the
 * run invokes it once the queues are drained; with {@link ReconcileAge#THE_TEMPLATES} the template's value stays
 * and the run jumps the clock past it instead), and a message of a crashed batch is visible again after
 * {@link #VISIBILITY_SECONDS} rather than the template's timeout.
 */
public final class FaultStack {

    public static final int VISIBILITY_SECONDS = 10;

    private FaultStack() {
    }

    public static void connect(FaultInjector faults, LocalCloud cloud) throws IOException {
        Map<String, String> local = cloud.localEnvironment();
        faults.start(local.get("AWS_ENDPOINT_URL_DYNAMODB"), local.get("AWS_ENDPOINT_URL_SQS"),
                new FaultInjector.Stack() {
                    @Override
                    public void pauseStore(boolean paused) {
                        signal(cloud.dynamoServer().pid(), paused ? "-STOP" : "-CONT");
                    }

                    @Override
                    public void restartCacheEmpty() {
                        // Killed outright: the runner's supervisor starts it again on its port, empty.
                        if (cloud.redis() != null) {
                            signal(cloud.redis().pid(), "-KILL");
                        }
                    }

                    @Override
                    public SqsClient sqs() {
                        return cloud.sqs();
                    }
                });
    }

    /** A function's environment in a fault run: its AWS endpoints are the proxies', the reconciler's age 0 or real. */
    public static void adjust(FaultInjector faults, Map<String, String> environment) {
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", faults.storeEndpoint());
        environment.put("AWS_ENDPOINT_URL_SQS", faults.queueEndpoint());
        if (environment.containsKey("FLASHSALE_RECONCILE_AFTER_MINUTES")) {
            if (faults.reconcileAge() == ReconcileAge.RIGHT_AFTER_THE_SALE) {
                environment.put("FLASHSALE_RECONCILE_AFTER_MINUTES", "0");
            }
            faults.noteReconcileAfterMinutes(Long.parseLong(environment.get("FLASHSALE_RECONCILE_AFTER_MINUTES")));
        }
    }

    public static void hook(FaultInjector faults, LocalCloud cloud, Collection<FunctionHost> functions,
                            List<QueuePoller> pollers, StackTemplate template) {
        functions.forEach(function -> function.hook(faults));
        pollers.forEach(poller -> poller.hook(faults));
        for (Specs.QueueSource source : template.queueSources(cloud.physicalIds())) {
            cloud.sqs().setQueueAttributes(b -> b.queueUrl(cloud.queueUrl(source.queueId()))
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(VISIBILITY_SECONDS))));
        }
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
