package dev.flashsale.tests.template;

import dev.flashsale.local.template.CloudFormationYaml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.flashsale.tests.template.TemplateCheck.list;
import static dev.flashsale.tests.template.TemplateCheck.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * template.yaml as CloudFormation gets it: transformed by the SAM translator and linted by cfn-lint (both from
 * this machine's python3, offline) for every combination of the deploy's options (backend x WAF x alarm e-mail x
 * failover origin x warm throughput, plus single options on top), then what each transformed stack holds.
 */
class SamTranslationIT {

    private static final Map<String, Map<String, Object>> CASES = new LinkedHashMap<>();
    private static final Map<String, Map<String, Object>> TRANSLATED = new LinkedHashMap<>();
    private static TemplateCheck.Run matrix;
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    @BeforeAll
    static void translateEveryCombination() throws Exception {
        TemplateCheck.Matrix shared = TemplateCheck.matrix();
        matrix = shared.run();
        Path out = shared.out();
        for (Map<String, Object> line : matrix.jsonLines()) {
            String name = String.valueOf(line.get("case"));
            CASES.put(name, line);
            TRANSLATED.put(name, TemplateCheck.json(out.resolve(name + ".json")));
        }
        map(TRANSLATED.values().iterator().next().get("Parameters")).forEach((name, definition) ->
                DEFAULTS.put(name, String.valueOf(map(definition).getOrDefault("Default", ""))));
    }

    private static Map<String, Object> resources(String name) {
        return map(TRANSLATED.get(name).get("Resources"));
    }

    private static Map<String, Map<String, Object>> resourcesOfType(String name, String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources(name).forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                found.put(id, map(resource));
            }
        });
        return found;
    }

    private static List<Object> created(String name) {
        return list(CASES.get(name).get("created"));
    }

    @Test
    void everyOptionCombination_shouldTransformAndLintWithoutAnError() {
        assertEquals(0, matrix.exitCode(), matrix.stderr());
        Set<List<Object>> combinations = new HashSet<>();
        Map<String, Object> errors = new LinkedHashMap<>();
        CASES.forEach((name, line) -> {
            Map<String, Object> p = map(line.get("parameters"));
            combinations.add(List.of(p.get("StockBackend"), p.get("WafEnabled"), !"".equals(p.get("AlarmEmail")),
                    !"".equals(p.get("WebFailoverBucketDomain")), !"0".equals(p.get("StockWarmWriteUnits"))));
            if (!list(line.get("errors")).isEmpty()) {
                errors.put(name, line.get("errors"));
            }
        });
        assertEquals(2 * 2 * 2 * 2 * 2, combinations.size(), "every combination of the five options: " + CASES.keySet());
        assertEquals(Map.of(), errors);
        for (String threatProtection : List.of("threat-protection-audit", "threat-protection-enforced")) {
            assertTrue(CASES.containsKey(threatProtection), "Cognito's threat protection is checked too: " + CASES.keySet());
        }
    }

    /** Defect 2: with the caller's credentials as invoke role, an operator also needed lambda:InvokeFunction. */
    @Test
    void adminRoutes_shouldBeSignedAndInvokedUnderTheFunctionPermission_notWithTheCallersCredentials() {
        for (String name : CASES.keySet()) {
            Map<String, Object> body = map(map(map(resources(name).get("FlashsaleApi")).get("Properties")).get("Body"));
            Map<String, Map<String, Object>> permissions = resourcesOfType(name, "AWS::Lambda::Permission");
            int adminMethods = 0;
            for (Map.Entry<String, Object> path : map(body.get("paths")).entrySet()) {
                for (Map.Entry<String, Object> method : map(path.getValue()).entrySet()) {
                    Map<String, Object> integration = map(map(method.getValue()).get("x-amazon-apigateway-integration"));
                    String where = name + " " + method.getKey().toUpperCase() + " " + path.getKey();
                    assertFalse(integration.containsKey("credentials"), where + ": integration credentials");
                    if (!path.getKey().startsWith("/api/admin/")) {
                        continue;
                    }
                    adminMethods++;
                    assertEquals(List.of(Map.of("AWS_IAM", List.of())), map(method.getValue()).get("security"), where);
                    String sourceArnEnd = "/" + method.getKey().toUpperCase() + path.getKey().replaceAll("\\{[^}]+}", "*");
                    assertTrue(permissions.values().stream().anyMatch(permission -> {
                        Map<String, Object> p = map(permission.get("Properties"));
                        Object sourceArn = list(map(p.get("SourceArn")).get("Fn::Sub")).stream().findFirst().orElse("");
                        return String.valueOf(map(p.get("FunctionName")).get("Ref")).startsWith("AdminFunction")
                                && "apigateway.amazonaws.com".equals(p.get("Principal"))
                                && String.valueOf(sourceArn).endsWith(sourceArnEnd);
                    }), where + ": a lambda:InvokeFunction permission for API Gateway");
                }
            }
            // sales x4, reconcile, blocklist x3 and its old name x3 (an alias), dead letters x2
            assertEquals(14, adminMethods, name);
        }
    }

    /**
     * Issue 22, item 4: every shopper method needs CloudFront's API key, so API Gateway refuses a direct call
     * before any function runs; admin methods (signed by operators calling the endpoint directly) do not. The
     * key sits on a usage plan of the API's stage: the origin secret's current value, replaced by a rotation's
     * deploy (issue 21, finding 6); CloudFront sends it as x-api-key.
     */
    @Test
    void shopperMethods_shouldRequireCloudFrontsApiKey_onTheStagesUsagePlan_andAdminMethodsNot() {
        for (String name : CASES.keySet()) {
            Map<String, Object> body = map(map(map(resources(name).get("FlashsaleApi")).get("Properties")).get("Body"));
            assertEquals(Map.of("type", "apiKey", "name", "x-api-key", "in", "header"),
                    map(map(body.get("components")).get("securitySchemes")).get("api_key"), name);
            int shopperMethods = 0;
            for (Map.Entry<String, Object> path : map(body.get("paths")).entrySet()) {
                for (Map.Entry<String, Object> method : map(path.getValue()).entrySet()) {
                    String where = name + " " + method.getKey().toUpperCase() + " " + path.getKey();
                    boolean keyRequired = list(map(method.getValue()).get("security")).stream()
                            .anyMatch(scheme -> map(scheme).containsKey("api_key"));
                    boolean admin = path.getKey().startsWith("/api/admin/");
                    assertEquals(!admin, keyRequired, where + ": ApiKeyRequired");
                    shopperMethods += admin ? 0 : 1;
                }
            }
            assertTrue(shopperMethods >= 5, name + ": sale, challenge, purchase, order, payment");

            List<Object> created = created(name);
            Map<String, Map<String, Object>> plans = resourcesOfType(name, "AWS::ApiGateway::UsagePlan");
            assertEquals(1, plans.size(), name);
            String planId = plans.keySet().iterator().next();
            Map<String, Object> apiStage = map(list(map(plans.get(planId).get("Properties")).get("ApiStages")).get(0));
            assertEquals(Map.of("Ref", "FlashsaleApi"), apiStage.get("ApiId"), name);
            String stageId = String.valueOf(map(apiStage.get("Stage")).get("Ref"));
            assertEquals("AWS::ApiGateway::Stage", map(resources(name).get(stageId)).get("Type"), name + ": the API's stage");

            List<String> keyValues = new ArrayList<>();
            List<String> keyNames = new ArrayList<>();
            resourcesOfType(name, "AWS::ApiGateway::UsagePlanKey").forEach((id, planKey) -> {
                Map<String, Object> p = map(planKey.get("Properties"));
                if (created.contains(id) && Map.of("Ref", planId).equals(p.get("UsagePlanId"))) {
                    Map<String, Object> key = map(map(resources(name).get(String.valueOf(map(p.get("KeyId")).get("Ref"))))
                            .get("Properties"));
                    keyValues.add(String.valueOf(map(key.get("Value")).get("Fn::Sub")));
                    keyNames.add(String.valueOf(map(key.get("Name")).get("Fn::Sub")));
                }
            });
            String current = "{{resolve:secretsmanager:${OriginSecret}:SecretString:current}}";
            assertEquals(List.of(current), keyValues, name);
            // A rotation's deploy must replace the key (and so re-read the secret): its name carries the generation.
            assertTrue(keyNames.get(0).contains("${OriginSecretGeneration}"), name + ": " + keyNames);

            Map<String, Object> config = map(map(map(resources(name).get("Distribution")).get("Properties"))
                    .get("DistributionConfig"));
            Map<String, Object> apiOrigin = list(config.get("Origins")).stream().map(TemplateCheck::map)
                    .filter(origin -> "ApiOrigin".equals(origin.get("Id"))).findFirst().orElseThrow();
            assertTrue(list(apiOrigin.get("OriginCustomHeaders")).stream().map(TemplateCheck::map).anyMatch(header ->
                    "x-api-key".equals(header.get("HeaderName"))
                            && Map.of("Fn::Sub", current).equals(header.get("HeaderValue"))), name + ": " + apiOrigin);
            // ... and the distribution re-reads it too, only once the new key is on the plan.
            assertTrue(String.valueOf(config.get("Comment")).contains("${OriginSecretGeneration}"), name);
            Object dependsOn = map(resources(name).get("Distribution")).get("DependsOn");
            assertTrue(String.valueOf(dependsOn).contains("OriginUsagePlanKey"), name + ": " + dependsOn);
        }
        assertTrue(CASES.values().stream().anyMatch(line -> "3".equals(String.valueOf(map(line.get("parameters"))
                .get("OriginSecretGeneration")))), "a case of a rotated secret");
    }

    /** Defect 7: without an OpenAPI version SAM also made a stage named "Stage", with no throttles or logs. */
    @Test
    void api_shouldHaveOneStage_withTheThrottlesAndAccessLogs() {
        for (String name : CASES.keySet()) {
            Map<String, Map<String, Object>> stages = resourcesOfType(name, "AWS::ApiGateway::Stage");
            assertEquals(1, stages.size(), name + ": " + stages.keySet());
            Map<String, Object> stage = map(stages.values().iterator().next().get("Properties"));
            assertEquals(Map.of("Ref", "Stage"), stage.get("StageName"));
            assertNotNull(map(stage.get("AccessLogSetting")).get("DestinationArn"), name);
            assertTrue(list(stage.get("MethodSettings")).stream().map(TemplateCheck::map).anyMatch(s ->
                    "/*".equals(s.get("ResourcePath")) && "*".equals(s.get("HttpMethod"))
                            && s.containsKey("ThrottlingRateLimit") && s.containsKey("ThrottlingBurstLimit")), name);
            for (Map<String, Object> deployment : resourcesOfType(name, "AWS::ApiGateway::Deployment").values()) {
                assertFalse(map(deployment.get("Properties")).containsKey("StageName"), name + ": a deployment's own stage");
            }
        }
    }

    /** Defect 9: log groups that Lambda creates by itself never expire. */
    @Test
    void everyLogGroup_shouldExpire_andEveryFunctionLogToAGroupOfTheStack() {
        for (String name : CASES.keySet()) {
            Map<String, Map<String, Object>> groups = resourcesOfType(name, "AWS::Logs::LogGroup");
            groups.forEach((id, group) ->
                    assertNotNull(map(group.get("Properties")).get("RetentionInDays"), name + " " + id));
            resourcesOfType(name, "AWS::Lambda::Function").forEach((id, function) -> {
                Object group = map(map(map(function.get("Properties")).get("LoggingConfig")).get("LogGroup")).get("Ref");
                assertTrue(groups.containsKey(String.valueOf(group)), name + " " + id + " logs to " + group);
            });
        }
    }

    /** Defect 9: a stack deleted or a table replaced must not take the ledger with it. */
    @Test
    void everyTable_shouldOutliveTheStack_andThePendingIndexBeWarmedWithIt() {
        for (String name : CASES.keySet()) {
            resourcesOfType(name, "AWS::DynamoDB::Table").forEach((id, table) -> {
                assertEquals("Retain", table.get("DeletionPolicy"), name + " " + id);
                assertEquals("Retain", table.get("UpdateReplacePolicy"), name + " " + id);
            });
            Map<String, Object> stock = map(resourcesOfType(name, "AWS::DynamoDB::Table").get("StockTable").get("Properties"));
            Map<String, Object> pending = list(stock.get("GlobalSecondaryIndexes")).stream().map(TemplateCheck::map)
                    .filter(index -> "pendingBySale".equals(index.get("IndexName"))).findFirst().orElseThrow();
            assertEquals(stock.get("WarmThroughput"), pending.get("WarmThroughput"), name + ": pendingBySale warmed as its table");
        }
    }

    /**
     * Issue 22, item 5: the stock cache is pre-scaled (CacheUsageLimits ECPUPerSecond Minimum) exactly when the
     * redis backend is given CacheMinimumEcpuPerSecond, and carries no usage limits otherwise; the matrix holds
     * such a case, which transforms and lints clean with the rest.
     */
    @Test
    void stockCache_shouldCarryTheMinimumEcpu_onlyWhenOneIsSet() {
        int preScaled = 0;
        for (String name : CASES.keySet()) {
            Map<String, Object> parameters = map(CASES.get(name).get("parameters"));
            Map<String, Object> cache = resourcesOfType(name, "AWS::ElastiCache::ServerlessCache").get("StockCache");
            assertEquals("redis".equals(parameters.get("StockBackend")), created(name).contains("StockCache"), name);
            if (!created(name).contains("StockCache")) {
                continue;
            }
            String minimum = String.valueOf(parameters.getOrDefault("CacheMinimumEcpuPerSecond", "0"));
            List<Object> branches = list(map(map(cache.get("Properties")).get("CacheUsageLimits")).get("Fn::If"));
            assertEquals(3, branches.size(), name + ": CacheUsageLimits is an If on the minimum: "
                    + cache.get("Properties"));
            Map<String, Object> conditions = map(TRANSLATED.get(name).get("Conditions"));
            boolean limited = holds(conditions, String.valueOf(branches.get(0)), parameters);
            assertEquals(!"0".equals(minimum), limited, name + ": usage limits only with a minimum");
            if (limited) {
                preScaled++;
                Object ref = map(map(branches.get(1)).get("ECPUPerSecond")).get("Minimum");
                assertEquals(Map.of("Ref", "CacheMinimumEcpuPerSecond"), ref, name);
            } else {
                assertEquals(Map.of("Ref", "AWS::NoValue"), branches.get(2), name);
            }
        }
        assertTrue(preScaled > 0, "a case pre-scales the cache: " + CASES.keySet());
    }

    /** A condition of the transformed template, under a case's parameters (the template's defaults otherwise). */
    private static boolean holds(Map<String, Object> conditions, String name, Map<String, Object> parameters) {
        return holds(conditions, conditions.get(name), parameters);
    }

    private static boolean holds(Map<String, Object> conditions, Object expression, Map<String, Object> parameters) {
        Map<String, Object> e = map(expression);
        String function = e.keySet().iterator().next();
        List<Object> args = e.get(function) instanceof List<?> l ? List.copyOf(l) : List.of(e.get(function));
        return switch (function) {
            case "Condition" -> holds(conditions, String.valueOf(args.get(0)), parameters);
            case "Fn::Not" -> !holds(conditions, args.get(0), parameters);
            case "Fn::And" -> args.stream().allMatch(a -> holds(conditions, a, parameters));
            case "Fn::Or" -> args.stream().anyMatch(a -> holds(conditions, a, parameters));
            case "Fn::Equals" -> value(args.get(0), parameters).equals(value(args.get(1), parameters));
            default -> throw new IllegalArgumentException("unsupported condition " + expression);
        };
    }

    private static String value(Object operand, Map<String, Object> parameters) {
        if (operand instanceof Map<?, ?> ref && ref.containsKey("Ref")) {
            String name = String.valueOf(ref.get("Ref"));
            return String.valueOf(parameters.getOrDefault(name, DEFAULTS.getOrDefault(name, "")));
        }
        return String.valueOf(operand);
    }

    /** Defect 9: the API Gateway account role is one per account and region; a second stack must not replace it. */
    @Test
    void apiGatewayAccountRole_shouldBeSetOnlyWhenAsked() {
        CASES.forEach((name, line) -> {
            boolean asked = "create".equals(map(line.get("parameters")).get("ApiGatewayAccountRole"));
            assertEquals(asked, created(name).contains("ApiGatewayAccount"), name);
            assertEquals(asked, created(name).contains("ApiGatewayLogsRole"), name);
        });
        assertTrue(CASES.containsKey("account-role-created"));
    }

    /** Defect 8: private-DNS endpoints clash with the VPC's own; with no NAT the reconciler needs a WAF endpoint. */
    @Test
    void vpcEndpoints_shouldBeCreatedOnlyForRedis_withWaf_andNotWhenTheVpcHasThem() {
        Set<String> interfaceEndpoints = Set.of("SqsEndpoint", "SecretsManagerEndpoint", "WafEndpoint");
        CASES.forEach((name, line) -> {
            Map<String, Object> p = map(line.get("parameters"));
            boolean redis = "redis".equals(p.get("StockBackend"));
            boolean own = redis && !"existing".equals(p.get("VpcInterfaceEndpoints"));
            List<Object> created = created(name);
            assertEquals(redis, created.contains("DynamoDbEndpoint"), name);
            assertEquals(own, created.contains("SqsEndpoint"), name);
            assertEquals(own, created.contains("SecretsManagerEndpoint"), name);
            assertEquals(own && "true".equals(p.get("WafEnabled")), created.contains("WafEndpoint"), name);
            resourcesOfType(name, "AWS::EC2::VPCEndpoint").forEach((id, endpoint) -> {
                Map<String, Object> props = map(endpoint.get("Properties"));
                assertEquals(interfaceEndpoints.contains(id), "Interface".equals(props.get("VpcEndpointType")), id);
            });
        });
        assertTrue(CASES.containsKey("existing-vpc-endpoints"));
    }

    /**
     * A Redis sale the cache lost is rebuilt closed and reopened once the order queue reads empty: the admission
     * and the reconciler (which both reopen it) must be allowed to read the queue's counts.
     */
    @Test
    void queueCounts_shouldBeReadableByTheFunctionsThatReopenARestoredSale() {
        for (String name : CASES.keySet()) {
            if (!"redis".equals(map(CASES.get(name).get("parameters")).get("StockBackend"))) {
                continue;
            }
            for (String function : List.of("AdmissionFunction", "ReconcilerFunction")) {
                String role = String.valueOf(resources(name).get(function + "Role"));
                assertTrue(role.matches("(?s).*sqs:GetQueueAttributes.{0,200}OrderQueue.*"), name + " " + function
                        + ": " + role);
            }
        }
    }

    /** Defect 5: the defaults must fit an account at the default quota (1,000) with Lambda's 100 left unreserved. */
    @Test
    void defaultReservations_shouldLeaveTheUnreservedHundredOfADefaultAccount() {
        int defaults = map(CASES.get("dynamodb-nowaf-noemail-nofailover-cold").get("reserved")).values().stream()
                .mapToInt(v -> ((Number) v).intValue()).sum();
        assertTrue(defaults <= 1000 - 100, "reserved by default: " + defaults);
        Map<String, Object> none = map(CASES.get("no-admission-reservation").get("reserved"));
        assertFalse(none.containsKey("AdmissionFunction"), "AdmissionReservedConcurrency=0 reserves nothing: " + none);
    }

    /** Defect 4: an apostrophe in a WAFv2 description fails the deploy; the pattern is cfn-lint's resource schema's. */
    @Test
    void everyWafDescription_shouldMatchTheWafv2Pattern() throws Exception {
        TemplateCheck.Run run = TemplateCheck.run("waf-description-patterns");
        assertEquals(0, run.exitCode(), run.stderr());
        Map<String, Object> patterns = TemplateCheck.json(run.stdout().trim());
        Map<String, Object> raw = CloudFormationYaml.read(TemplateCheck.ROOT.resolve("template.yaml"));
        List<String> checked = new ArrayList<>();
        map(raw.get("Resources")).forEach((id, resource) -> {
            String type = String.valueOf(map(resource).get("Type"));
            Object description = map(map(resource).get("Properties")).get("Description");
            if (type.startsWith("AWS::WAFv2::") && description != null) {
                Pattern pattern = Pattern.compile(String.valueOf(patterns.get(type)));
                assertTrue(pattern.matcher(String.valueOf(description)).matches(), id + ": " + description + " !~ " + pattern);
                checked.add(id);
            }
        });
        assertEquals(List.of("BlockedAddresses", "BlockedAddressesV6"), checked);
        assertFalse(Pattern.compile(String.valueOf(patterns.get("AWS::WAFv2::IPSet")))
                .matcher("Fed by the reconciler from the blocklist's address ranges.").matches(), "the pattern is the real one");
    }
}
