package dev.flashsale.local.template;

import java.util.List;
import java.util.Map;

/** What the local runner takes from {@code template.yaml}, already resolved to local values. */
public final class Specs {

    private Specs() {
    }

    public record Table(String logicalId, List<Map<String, Object>> attributeDefinitions,
                        List<Map<String, Object>> keySchema, List<Map<String, Object>> globalSecondaryIndexes) {
    }

    /**
     * An EventBridge rule: the bus it is on (its name, the last part of an ARN), its event pattern as written, and
     * the queues (logical ids) it sends matching events to.
     */
    public record EventRule(String logicalId, String busName, Map<String, Object> pattern, List<String> queueTargets) {
    }

    public record Queue(String logicalId, int visibilityTimeoutSeconds, String deadLetterQueueId, int maxReceiveCount) {
    }

    public record Function(String logicalId, String handlerClass, Map<String, String> environment,
                           Integer reservedConcurrency, int timeoutSeconds) {
    }

    /**
     * An API route; {@code userPoolAuthorised}: behind a Cognito user-pool authorizer (a shopper's ID token in
     * {@code Authorization}); {@code apiKeyRequired}: API Gateway refuses a request without a key of the stage's
     * usage plans ({@code x-api-key}) before the function runs.
     */
    public record Route(String functionId, String method, String path, boolean iamAuthorised,
                        boolean userPoolAuthorised, boolean apiKeyRequired) {

        public Route(String functionId, String method, String path, boolean iamAuthorised) {
            this(functionId, method, path, iamAuthorised, false, false);
        }
    }

    public record QueueSource(String functionId, String queueId, int batchSize, int batchWindowSeconds,
                              Integer maximumConcurrency, boolean reportsBatchItemFailures) {
    }

    /** A scheduled invocation: {@code rate(N minutes)} as seconds. */
    public record Schedule(String functionId, long everySeconds) {
    }

    /** A stage throttle: {@code resourcePath} "/*" and method "*" for the whole stage. */
    public record Throttle(String resourcePath, String httpMethod, double ratePerSecond, int burst) {

        public boolean matches(String method, String routePath) {
            boolean pathMatches = "/*".equals(resourcePath) || resourcePath.equals(routePath);
            boolean methodMatches = "*".equals(httpMethod) || httpMethod.equalsIgnoreCase(method);
            return pathMatches && methodMatches;
        }

        public boolean isStageWide() {
            return "/*".equals(resourcePath) && "*".equals(httpMethod);
        }
    }

    /**
     * An ElastiCache user: its name, access string ({@code on ~keys +@commands}) and how it authenticates
     * ({@code iam}, {@code password} or {@code none} for {@code NoPasswordRequired}).
     */
    public record CacheUser(String logicalId, String userName, String accessString, String authentication,
                            String userId, String engine) {

        /** A user whose id is its name, of the valkey engine. */
        public CacheUser(String logicalId, String userName, String accessString, String authentication) {
            this(logicalId, userName, accessString, authentication, userName, "valkey");
        }
    }

    /**
     * A header a CloudFront response headers policy puts on the viewer's answer: {@code override} over the
     * origin's own value (else only when the origin sent none); a null {@code value} removes the header.
     */
    public record ResponseHeader(String name, String value, boolean override) {
    }

    /** A cache behaviour of the distribution: its path pattern ("*" for the default) and its policy's headers. */
    public record BehaviourHeaders(String pathPattern, List<ResponseHeader> headers) {
    }

    /** An ElastiCache user group: its id, engine and members (the users' logical ids). */
    public record CacheUserGroup(String logicalId, String groupId, String engine, java.util.List<String> userIds) {
    }
}
