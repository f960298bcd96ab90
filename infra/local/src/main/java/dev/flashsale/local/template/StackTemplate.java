package dev.flashsale.local.template;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.flashsale.local.template.IntrinsicEvaluator.getAttParts;
import static dev.flashsale.local.template.TemplateNodes.integer;
import static dev.flashsale.local.template.TemplateNodes.list;
import static dev.flashsale.local.template.TemplateNodes.listOfMaps;
import static dev.flashsale.local.template.TemplateNodes.map;

/**
 * {@code template.yaml} as the local runner sees it: parameters (with overrides, as {@code sam deploy
 * --parameter-overrides} gives them), tables, queues, functions, routes, event sources and stage throttles.
 * Values are resolved by the {@link IntrinsicEvaluator} against the local stack's physical values ({@link PhysicalIds}).
 */
public final class StackTemplate {

    /** Physical values of the local stack: what {@code !Ref X} and {@code !GetAtt X.Attr} give. */
    public interface PhysicalIds {
        String ref(String logicalId);

        String attribute(String logicalId, String attribute);
    }

    private final Map<String, Object> root;
    private final Map<String, String> parameters = new HashMap<>();
    private final IntrinsicEvaluator intrinsics;

    private StackTemplate(Map<String, Object> root, Map<String, String> overrides) {
        this(root, overrides, IntrinsicEvaluator.LOCAL_STACK_NAME, "us-east-1");
    }

    private StackTemplate(Map<String, Object> root, Map<String, String> overrides, String stackName, String region) {
        this.root = root;
        map(root.get("Parameters")).forEach((name, definition) -> {
            Object fallback = map(definition).get("Default");
            if (fallback != null) {
                parameters.put(name, String.valueOf(fallback));
            }
        });
        parameters.putAll(overrides);
        this.intrinsics = new IntrinsicEvaluator(map(root.get("Conditions")), parameters, stackName, region);
    }

    public static StackTemplate read(Path file, Map<String, String> parameterOverrides) throws IOException {
        return new StackTemplate(CloudFormationYaml.read(file), parameterOverrides);
    }

    /** The template as a stack named {@code stackName} in {@code region} would resolve it (a deploy's view). */
    public static StackTemplate read(Path file, Map<String, String> parameterOverrides, String stackName,
                                     String region) throws IOException {
        return new StackTemplate(CloudFormationYaml.read(file), parameterOverrides, stackName, region);
    }

    public String parameter(String name) {
        return parameters.get(name);
    }

    /** The resources of a type that the stack creates (a resource whose Condition is false is left out). */
    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        map(root.get("Resources")).forEach((id, resource) -> {
            Object condition = map(resource).get("Condition");
            boolean created = condition == null || intrinsics.condition(String.valueOf(condition), NO_RESOURCES);
            if (type.equals(map(resource).get("Type")) && created) {
                found.put(id, map(map(resource).get("Properties")));
            }
        });
        return found;
    }

    /** Conditions may only compare parameters, so they resolve without physical ids. */
    private static final PhysicalIds NO_RESOURCES = physicalIds(id -> {
        throw new IllegalArgumentException("a condition cannot refer to resource " + id);
    }, (id, attribute) -> {
        throw new IllegalArgumentException("a condition cannot refer to resource " + id);
    });

    public List<Specs.Table> tables() {
        List<Specs.Table> tables = new ArrayList<>();
        resourcesOfType("AWS::DynamoDB::Table").forEach((id, props) -> tables.add(new Specs.Table(id,
                listOfMaps(props.get("AttributeDefinitions")), listOfMaps(props.get("KeySchema")),
                listOfMaps(props.get("GlobalSecondaryIndexes")))));
        return tables;
    }

    public List<Specs.Queue> queues(PhysicalIds ids) {
        List<Specs.Queue> queues = new ArrayList<>();
        resourcesOfType("AWS::SQS::Queue").forEach((id, props) -> {
            Map<String, Object> redrive = map(props.get("RedrivePolicy"));
            String deadLetterId = null;
            if (redrive.get("deadLetterTargetArn") instanceof Intrinsic target && "GetAtt".equals(target.function())) {
                deadLetterId = getAttParts(target.argument())[0];
            }
            queues.add(new Specs.Queue(id, integer(resolve(props.get("VisibilityTimeout"), ids), 30),
                    deadLetterId, integer(resolve(redrive.get("maxReceiveCount"), ids), 0)));
        });
        return queues;
    }

    /** The template's EventBridge rules whose targets are its queues (the local bus sends to those). */
    public List<Specs.EventRule> eventRules(PhysicalIds ids) {
        List<Specs.EventRule> rules = new ArrayList<>();
        Set<String> queues = resourcesOfType("AWS::SQS::Queue").keySet();
        resourcesOfType("AWS::Events::Rule").forEach((id, props) -> {
            if ("DISABLED".equals(resolve(props.get("State"), ids))) {
                return;
            }
            List<String> targets = new ArrayList<>();
            for (Map<String, Object> target : listOfMaps(props.get("Targets"))) {
                if (target.get("Arn") instanceof Intrinsic arn && "GetAtt".equals(arn.function())
                        && queues.contains(getAttParts(arn.argument())[0])) {
                    targets.add(getAttParts(arn.argument())[0]);
                }
            }
            String bus = resolve(props.get("EventBusName"), ids);
            bus = bus == null ? "default" : bus.substring(bus.lastIndexOf('/') + 1);
            rules.add(new Specs.EventRule(id, bus, map(props.get("EventPattern")), targets));
        });
        return rules;
    }

    public List<Specs.Function> functions(PhysicalIds ids) {
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        List<Specs.Function> functions = new ArrayList<>();
        resourcesOfType("AWS::Serverless::Function").forEach((id, props) -> {
            Map<String, String> environment = new LinkedHashMap<>();
            Map<String, Object> variables = new LinkedHashMap<>(map(map(globals.get("Environment")).get("Variables")));
            variables.putAll(map(map(props.get("Environment")).get("Variables")));
            variables.forEach((name, value) -> {
                String resolved = resolve(value, ids);
                if (resolved != null) {
                    environment.put(name, resolved);
                }
            });
            String handler = String.valueOf(props.get("Handler"));
            int cut = handler.indexOf("::");
            Object reserved = resolve(props.get("ReservedConcurrentExecutions"), ids);
            Object timeout = props.containsKey("Timeout") ? props.get("Timeout") : globals.get("Timeout");
            functions.add(new Specs.Function(id, cut < 0 ? handler : handler.substring(0, cut), environment,
                    reserved == null ? null : integer(reserved, 0), integer(resolve(timeout, ids), 3)));
        });
        return functions;
    }

    public List<Specs.Route> routes() {
        List<Specs.Route> routes = new ArrayList<>();
        Set<String> userPools = userPoolAuthorizers();
        boolean keyByDefault = resourcesOfType("AWS::Serverless::Api").values().stream()
                .anyMatch(api -> isTrue(map(api.get("Auth")).get("ApiKeyRequired")));
        eachFunctionEvent("Api", (id, p) -> {
            Object authorizer = map(p.get("Auth")).get("Authorizer");
            boolean iam = "AWS_IAM".equals(authorizer);
            // An event's own ApiKeyRequired wins over the API's (SAM's rule).
            Object ownKey = map(p.get("Auth")).get("ApiKeyRequired");
            routes.add(new Specs.Route(id, String.valueOf(p.get("Method")).toUpperCase(),
                    String.valueOf(p.get("Path")), iam, userPools.contains(String.valueOf(authorizer)),
                    ownKey == null ? keyByDefault : isTrue(ownKey)));
        });
        return routes;
    }

    private static boolean isTrue(Object value) {
        return value != null && "true".equalsIgnoreCase(String.valueOf(value));
    }

    /**
     * The values of the API keys that a usage plan of the API puts on its stage (enabled keys only): what
     * API Gateway takes as {@code x-api-key}. A Secrets Manager dynamic reference stays as written for the
     * caller to resolve.
     */
    public List<String> apiKeys(PhysicalIds ids) {
        Set<String> apis = resourcesOfType("AWS::Serverless::Api").keySet();
        Set<String> plans = new HashSet<>();
        resourcesOfType("AWS::ApiGateway::UsagePlan").forEach((id, props) -> {
            for (Map<String, Object> stage : listOfMaps(props.get("ApiStages"))) {
                if (apis.contains(refTarget(stage.get("ApiId")))) {
                    plans.add(id);
                }
            }
        });
        Map<String, Map<String, Object>> keys = resourcesOfType("AWS::ApiGateway::ApiKey");
        List<String> values = new ArrayList<>();
        resourcesOfType("AWS::ApiGateway::UsagePlanKey").values().forEach(props -> {
            String plan = refTarget(props.get("UsagePlanId"));
            Map<String, Object> key = keys.get(refTarget(props.get("KeyId")));
            if (plans.contains(plan) && key != null && !"false".equalsIgnoreCase(String.valueOf(key.get("Enabled")))) {
                values.add(resolve(key.get("Value"), ids));
            }
        });
        return values;
    }

    private static String refTarget(Object value) {
        return value instanceof Intrinsic ref && "Ref".equals(ref.function()) ? String.valueOf(ref.argument()) : null;
    }

    /** The names of the APIs' Cognito authorizers (those with a {@code UserPoolArn}). */
    private Set<String> userPoolAuthorizers() {
        Set<String> names = new HashSet<>();
        resourcesOfType("AWS::Serverless::Api").forEach((id, props) ->
                map(map(props.get("Auth")).get("Authorizers")).forEach((name, authorizer) -> {
                    if (map(authorizer).containsKey("UserPoolArn")) {
                        names.add(name);
                    }
                }));
        return names;
    }

    public List<Specs.QueueSource> queueSources(PhysicalIds ids) {
        List<Specs.QueueSource> sources = new ArrayList<>();
        eachFunctionEvent("SQS", (id, p) -> {
            String queueId = p.get("Queue") instanceof Intrinsic queue
                    ? getAttParts(queue.argument())[0] : String.valueOf(p.get("Queue"));
            Object maxConcurrency = resolve(map(p.get("ScalingConfig")).get("MaximumConcurrency"), ids);
            List<Object> responseTypes = list(p.get("FunctionResponseTypes"));
            sources.add(new Specs.QueueSource(id, queueId, integer(resolve(p.get("BatchSize"), ids), 10),
                    integer(resolve(p.get("MaximumBatchingWindowInSeconds"), ids), 0),
                    maxConcurrency == null ? null : integer(maxConcurrency, 0),
                    responseTypes.contains("ReportBatchItemFailures")));
        });
        return sources;
    }

    /** Schedule events with a {@code rate(...)} expression (cron expressions are not run locally). */
    public List<Specs.Schedule> schedules(PhysicalIds ids) {
        List<Specs.Schedule> schedules = new ArrayList<>();
        eachFunctionEvent("Schedule", (id, p) -> {
            String expression = String.valueOf(resolve(p.get("Schedule"), ids));
            Matcher rate = RATE.matcher(expression);
            if (rate.matches()) {
                long amount = Long.parseLong(rate.group(1));
                long unit = rate.group(2).startsWith("second") ? 1 : rate.group(2).startsWith("minute") ? 60
                        : rate.group(2).startsWith("hour") ? 3600 : 86400;
                schedules.add(new Specs.Schedule(id, amount * unit));
            }
        });
        return schedules;
    }

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (seconds?|minutes?|hours?|days?)\\)");

    public List<Specs.Throttle> throttles(PhysicalIds ids) {
        List<Specs.Throttle> throttles = new ArrayList<>();
        resourcesOfType("AWS::Serverless::Api").forEach((id, props) -> {
            for (Map<String, Object> setting : listOfMaps(props.get("MethodSettings"))) {
                Object rate = resolve(setting.get("ThrottlingRateLimit"), ids);
                Object burst = resolve(setting.get("ThrottlingBurstLimit"), ids);
                if (rate == null || burst == null) {
                    continue;
                }
                // A method setting's resource path is "/" followed by the path with its own '/' escaped as "~1".
                String path = String.valueOf(setting.get("ResourcePath"));
                throttles.add(new Specs.Throttle("/*".equals(path) ? path : path.substring(1).replace("~1", "/"),
                        String.valueOf(setting.get("HttpMethod")), Double.parseDouble(rate.toString()),
                        integer(burst, 0)));
            }
        });
        return throttles;
    }

    /** The API's {@code GatewayResponses}: how API Gateway's own refusals are shaped. */
    public Map<String, Object> gatewayResponses() {
        for (Map<String, Object> props : resourcesOfType("AWS::Serverless::Api").values()) {
            return map(props.get("GatewayResponses"));
        }
        return Map.of();
    }

    /**
     * The headers CloudFront adds to requests for the API (the custom origins' {@code OriginCustomHeaders}),
     * values resolved; a Secrets Manager dynamic reference stays as written for the caller to resolve.
     */
    public Map<String, String> apiOriginHeaders(PhysicalIds ids) {
        Map<String, String> headers = new LinkedHashMap<>();
        resourcesOfType("AWS::CloudFront::Distribution").values().forEach(props -> {
            for (Map<String, Object> origin : listOfMaps(map(props.get("DistributionConfig")).get("Origins"))) {
                if (origin.containsKey("CustomOriginConfig")) {
                    for (Map<String, Object> header : listOfMaps(origin.get("OriginCustomHeaders"))) {
                        headers.put(String.valueOf(header.get("HeaderName")), resolve(header.get("HeaderValue"), ids));
                    }
                }
            }
        });
        return headers;
    }

    /**
     * The distribution's cache behaviours in CloudFront's order of matching, each with the headers its response
     * headers policy puts on the viewer's answers (CSP, X-Frame-Options, HSTS, nosniff, Referrer-Policy...),
     * API and page alike.
     */
    public List<Specs.BehaviourHeaders> distributionResponseHeaders(PhysicalIds ids) {
        Map<String, Map<String, Object>> policies = resourcesOfType("AWS::CloudFront::ResponseHeadersPolicy");
        List<Specs.BehaviourHeaders> behaviours = new ArrayList<>();
        resourcesOfType("AWS::CloudFront::Distribution").values().forEach(props -> behaviours.addAll(
                ResponseHeadersPolicies.of(map(props.get("DistributionConfig")), policies, v -> resolve(v, ids))));
        return behaviours;
    }

    /** The headers the distribution's default behaviour (the page's) adds: name to value. */
    public Map<String, String> pageResponseHeaders(PhysicalIds ids) {
        Map<String, String> headers = new LinkedHashMap<>();
        distributionResponseHeaders(ids).stream().filter(b -> b.pathPattern().equals("*")).findFirst()
                .ifPresent(page -> page.headers().forEach(h -> headers.put(h.name(), h.value())));
        return headers;
    }

    /** The ElastiCache users the stack creates, with their access strings as the template writes them. */
    public List<Specs.CacheUser> cacheUsers(PhysicalIds ids) {
        List<Specs.CacheUser> users = new ArrayList<>();
        resourcesOfType("AWS::ElastiCache::User").forEach((id, props) -> {
            String authentication = String.valueOf(map(props.get("AuthenticationMode")).getOrDefault("Type",
                    "true".equals(String.valueOf(props.get("NoPasswordRequired"))) ? "none" : "password"));
            users.add(new Specs.CacheUser(id, resolve(props.get("UserName"), ids),
                    resolve(props.get("AccessString"), ids), authentication.equals("no-password-required")
                            ? "none" : authentication, resolve(props.get("UserId"), ids),
                    resolve(props.get("Engine"), ids)));
        });
        return users;
    }

    /** The ElastiCache user groups the stack creates; members by the logical ids their {@code !Ref}s name. */
    public List<Specs.CacheUserGroup> cacheUserGroups(PhysicalIds ids) {
        List<Specs.CacheUserGroup> groups = new ArrayList<>();
        resourcesOfType("AWS::ElastiCache::UserGroup").forEach((id, props) -> {
            List<String> members = new ArrayList<>();
            for (Object member : list(props.get("UserIds"))) {
                members.add(member instanceof Intrinsic ref && "Ref".equals(ref.function())
                        ? String.valueOf(ref.argument()) : String.valueOf(member));
            }
            groups.add(new Specs.CacheUserGroup(id, resolve(props.get("UserGroupId"), ids),
                    resolve(props.get("Engine"), ids), members));
        });
        return groups;
    }

    /** Resolves a template value to its local string form; null for {@code AWS::NoValue} or absent values. */
    public String resolve(Object value, PhysicalIds ids) {
        return intrinsics.resolve(value, ids);
    }

    /** Calls {@code action} with the function's id and the event's properties, for each event of {@code type}. */
    private void eachFunctionEvent(String type, BiConsumer<String, Map<String, Object>> action) {
        resourcesOfType("AWS::Serverless::Function").forEach((id, props) ->
                map(props.get("Events")).forEach((name, event) -> {
                    if (type.equals(map(event).get("Type"))) {
                        action.accept(id, map(map(event).get("Properties")));
                    }
                }));
    }

    /** Helper for callers that need both lookups from lambdas. */
    public static PhysicalIds physicalIds(Function<String, String> ref, BiFunction<String, String, String> attribute) {
        return new PhysicalIds() {
            @Override
            public String ref(String logicalId) {
                return ref.apply(logicalId);
            }

            @Override
            public String attribute(String logicalId, String attributeName) {
                return attribute.apply(logicalId, attributeName);
            }
        };
    }
}
