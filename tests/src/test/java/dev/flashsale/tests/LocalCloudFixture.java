package dev.flashsale.tests;

import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.cloud.LocalCloud;
import dev.flashsale.local.functions.FunctionHost;
import dev.flashsale.local.template.Specs;
import dev.flashsale.local.template.StackTemplate;
import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.Map;

/**
 * One real data plane (dynalite + ElasticMQ with the template's tables and queues, or the AWS emulator that
 * {@link AwsTarget} names) shared by the tests of a JVM, and application contexts configured exactly like a
 * function of the template.
 */
public final class LocalCloudFixture {

    private static LocalCloud cloud;
    private static StackTemplate template;

    private LocalCloudFixture() {
    }

    public static synchronized LocalCloud cloud() throws Exception {
        if (cloud == null) {
            // Resolved for the Redis backend, so the stock cache (a local Redis) exists too; each context picks
            // its backend with FLASHSALE_STOCK_BACKEND, dynamodb unless a test asks for redis.
            template = StackTemplate.read(LocalSystem.projectRoot().resolve("template.yaml"),
                    Map.of("StockBackend", "redis", "TestStack", "true")); // a test stack, as LocalSystem.TEST_STACK
            cloud = LocalCloud.start(LocalSystem.projectRoot(), template, AwsTarget.emulator("fixture"));
            Runtime.getRuntime().addShutdownHook(new Thread(cloud::close));
        }
        return cloud;
    }

    /** The template as the fixture's cloud was made from (Redis backend). */
    public static synchronized StackTemplate template() throws Exception {
        cloud();
        return template;
    }

    /** A started context with the environment the template gives {@code functionId}, plus {@code overrides}. */
    public static ApplicationContext contextOf(String functionId, Map<String, String> overrides) throws Exception {
        return builderOf(functionId, overrides).start();
    }

    /** The same context, not yet started (so that a test can replace a bean first). */
    public static ApplicationContext builderOf(String functionId, Map<String, String> overrides) throws Exception {
        LocalCloud local = cloud();
        Specs.Function function = template.functions(local.physicalIds()).stream()
                .filter(f -> f.logicalId().equals(functionId)).findFirst().orElseThrow();
        Map<String, String> environment = new HashMap<>(local.environmentOf(function));
        environment.put("FLASHSALE_STOCK_BACKEND", "dynamodb");
        environment.putAll(overrides);
        return FunctionHost.contextFor("test-" + functionId, environment).build();
    }
}
