package dev.flashsale.tests.template;

import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.template.CloudFormationYaml;
import dev.flashsale.local.template.Intrinsic;
import dev.flashsale.local.template.IntrinsicEvaluator;
import dev.flashsale.local.template.Specs;
import dev.flashsale.local.template.StackTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.flashsale.tests.template.TemplateCheck.list;
import static dev.flashsale.tests.template.TemplateCheck.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 22: what AWS does with template.yaml that the local stack did not show, checked on the template itself. */
class AwsBehaviourTemplateIT {

    private static final Path ROOT = LocalSystem.projectRoot();
    private static final StackTemplate.PhysicalIds IDS = StackTemplate.physicalIds(id -> id, (id, a) -> id + "." + a);
    private static Map<String, Object> raw;

    @BeforeAll
    static void load() throws Exception {
        raw = CloudFormationYaml.read(ROOT.resolve("template.yaml"));
    }

    private static Map<String, Object> resource(String id) {
        return map(map(raw.get("Resources")).get(id));
    }

    private static Map<String, Object> properties(String id) {
        return map(resource(id).get("Properties"));
    }

    /**
     * Item 2: CloudFront caches these codes' answers to GET and HEAD for 10 s unless told otherwise, and ignores
     * no-store for all but 404, 414 and 501 (CloudFront developer guide, "HTTP 4xx and 5xx status codes that
     * CloudFront caches"; 416 is never cached). The API answers every one of them at some point (a 503
     * OVERLOADED, a gateway 502/504, 403 from the WAF or the gateway), so each must be cached for no time, and
     * passed through as the origin wrote it (no error page of the site's in place of the API's JSON).
     */
    @Test
    void distribution_shouldCacheNoErrorAnswer_ofAnyCodeCloudFrontCachesByDefault() {
        Map<String, Object> config = map(properties("Distribution").get("DistributionConfig"));
        Map<Integer, Map<String, Object>> byCode = new TreeMap<>();
        for (Object item : list(config.get("CustomErrorResponses"))) {
            byCode.put(Integer.parseInt(String.valueOf(map(item).get("ErrorCode"))), map(item));
        }
        for (int code : List.of(400, 403, 404, 405, 414, 500, 501, 502, 503, 504)) {
            Map<String, Object> response = byCode.get(code);
            assertNotNull(response, code + " has no CustomErrorResponse: CloudFront caches it for 10 s");
            assertEquals("0", String.valueOf(response.get("ErrorCachingMinTTL")), code + ": " + response);
            assertFalse(response.containsKey("ResponsePagePath"), code + " keeps the API's own JSON body");
            assertFalse(response.containsKey("ResponseCode"), code + " keeps its status");
        }
    }

    /**
     * Issue 21, finding 3: the sale's public GET is served by a function of its own, with its own reserved
     * concurrency and route throttle, so a flood of reads cannot take the admission function's concurrency (the
     * purchases') nor the stage's bucket that the challenge and order routes share.
     */
    @Test
    void saleGet_shouldRunInItsOwnFunction_withItsOwnConcurrencyAndThrottle() {
        Map<String, Object> sale = properties("SaleReadFunction");
        assertEquals("SaleReadReservedConcurrency", ((Intrinsic) sale.get("ReservedConcurrentExecutions")).argument());
        assertEquals(List.of("GetSale"), List.copyOf(map(sale.get("Events")).keySet()));
        Map<String, Object> get = map(map(map(sale.get("Events")).get("GetSale")).get("Properties"));
        assertEquals("/api/sales/{saleId}", get.get("Path"));
        assertEquals("GET", get.get("Method"));
        assertEquals(properties("AdmissionFunction").get("Handler"), sale.get("Handler"), "the admission code");
        map(properties("AdmissionFunction").get("Events")).values().forEach(event -> assertFalse(
                "/api/sales/{saleId}".equals(map(map(event).get("Properties")).get("Path")),
                "the admission function serves no sale read"));
        boolean ownThrottle = list(properties("FlashsaleApi").get("MethodSettings")).stream().map(TemplateCheck::map)
                .anyMatch(setting -> "/~1api~1sales~1{saleId}".equals(setting.get("ResourcePath"))
                        && "GET".equals(setting.get("HttpMethod"))
                        && setting.get("ThrottlingRateLimit") instanceof Intrinsic rate
                        && "SaleReadRateLimit".equals(rate.argument()));
        assertTrue(ownThrottle, "GET /api/sales/{saleId} has a throttle of its own");
    }

    /**
     * Issue 21, finding 3: the gateway's refusals and failures say no-store, so that no cache (CloudFront's
     * included, which otherwise picks a TTL of its own for an answer without one) keeps a 429 or a 5xx.
     */
    @Test
    void gatewayResponses_shouldSayNoStore_onThrottledAndEvery5xx() {
        Map<String, Object> responses = map(properties("FlashsaleApi").get("GatewayResponses"));
        List<String> checked = new ArrayList<>();
        responses.forEach((type, definition) -> {
            Object status = map(definition).get("StatusCode");
            boolean serverSide = type.equals("DEFAULT_5XX") || (status != null && String.valueOf(status).startsWith("5"));
            if (serverSide || type.equals("THROTTLED")) {
                Map<String, Object> headers = map(map(map(definition).get("ResponseParameters")).get("Headers"));
                assertEquals("'no-store'", headers.get("Cache-Control"), type + ": " + definition);
                checked.add(type);
            }
        });
        assertTrue(checked.containsAll(List.of("THROTTLED", "DEFAULT_5XX")), checked.toString());
    }

    /** Issue 21, finding 3: the sale's cache policy lets an unknown id's 404 (max-age=5) be kept that long. */
    @Test
    void saleCachePolicy_shouldKeepAnUnknownSalesAnswerAsLongAsItSays() {
        Map<String, Object> config = map(properties("SaleCachePolicy").get("CachePolicyConfig"));
        assertTrue(Integer.parseInt(String.valueOf(config.get("MaxTTL"))) >= 5, config.toString());
        assertEquals("1", String.valueOf(config.get("DefaultTTL")), "an answer without max-age stays one second");
    }

    /**
     * Issue 21, finding 7: a WAF IP set holds one address family; the blocklist's IPv6 ranges (an automatic
     * block holds a /64) need a set of their own, blocked by the same rule and fed by the reconciler.
     */
    @Test
    void waf_shouldBlockTheBlocklistsIpv6Ranges_fromAnIpv6IpSet() {
        assertEquals("IPV4", properties("BlockedAddresses").get("IPAddressVersion"));
        assertEquals("IPV6", properties("BlockedAddressesV6").get("IPAddressVersion"));
        assertEquals("UseWaf", resource("BlockedAddressesV6").get("Condition"));
        String rules = String.valueOf(properties("WebAcl").get("Rules"));
        assertTrue(rules.contains("BlockedAddressesV6.Arn") && rules.contains("BlockedAddresses.Arn"), rules);
        String reconciler = String.valueOf(properties("ReconcilerFunction"));
        assertTrue(reconciler.contains("FLASHSALE_WAF_IP_SET_V6_ID") && reconciler.contains("BlockedAddressesV6.Arn"),
                "the reconciler feeds it and may: " + reconciler);
    }

    /**
     * Item 1 (and issue 21 finding 4): the sale's GET is one cache entry per sale and edge. Nothing of the request
     * makes its key (a {@code userId} in it made every shopper, and every random value, an entry and an invocation
     * of its own); the shopper's own start is a signed-in route whose behaviour forwards the token and caches
     * nothing, matched before the sale's own pattern ({@code /api/sales/*} would take it otherwise).
     */
    @Test
    void saleGet_shouldBeOneCacheEntryForEveryone_andTheShoppersOwnStartASignedInRoute() {
        Map<String, Object> key = map(map(map(properties("SaleCachePolicy").get("CachePolicyConfig"))
                .get("ParametersInCacheKeyAndForwardedToOrigin")));
        assertEquals("none", map(key.get("QueryStringsConfig")).get("QueryStringBehavior"), key.toString());
        assertEquals("none", map(key.get("HeadersConfig")).get("HeaderBehavior"), key.toString());
        assertEquals("none", map(key.get("CookiesConfig")).get("CookieBehavior"), key.toString());

        List<Object> behaviours = list(map(properties("Distribution").get("DistributionConfig")).get("CacheBehaviors"));
        int me = -1;
        int sale = -1;
        for (int i = 0; i < behaviours.size(); i++) {
            String pattern = String.valueOf(map(behaviours.get(i)).get("PathPattern"));
            if (pattern.equals("/api/sales/*/me")) {
                me = i;
            } else if (pattern.equals("/api/sales/*")) {
                sale = i;
            }
        }
        assertTrue(me >= 0 && me < sale, "a /api/sales/*/me behaviour before /api/sales/*: " + behaviours);
        assertTrue(String.valueOf(map(behaviours.get(me)).get("CachePolicyId")).contains("ApiAuthorizedCachePolicy"),
                "the token reaches the API, and nothing is cached: " + behaviours.get(me));

        Map<String, Object> events = map(properties("AdmissionFunction").get("Events"));
        Map<String, Object> route = null;
        for (Object event : events.values()) {
            Map<String, Object> p = map(map(event).get("Properties"));
            if ("/api/sales/{saleId}/me".equals(p.get("Path"))) {
                route = p;
            }
        }
        assertNotNull(route, "a GET /api/sales/{saleId}/me route: " + events.keySet());
        assertEquals("GET", route.get("Method"));
        assertEquals("ShopperAuthorizer", map(route.get("Auth")).get("Authorizer"));
    }

    /**
     * Issue 21 finding 4: Cognito's threat protection as an option (off by default: it needs the Plus plan), and
     * the account's creation time in every ID token as a claim no shopper can write.
     */
    @Test
    void shopperPool_shouldOfferThreatProtection_andStampTheAccountsCreationTimeUnwritableByShoppers() {
        Map<String, Object> parameter = map(map(raw.get("Parameters")).get("CognitoThreatProtection"));
        assertEquals("OFF", String.valueOf(parameter.get("Default")));
        assertEquals(List.of("OFF", "AUDIT", "ENFORCED"), list(parameter.get("AllowedValues")));
        Map<String, Object> pool = properties("ShopperUserPool");
        assertTrue(String.valueOf(map(pool.get("UserPoolAddOns")).get("AdvancedSecurityMode"))
                .contains("CognitoThreatProtection"), pool.toString());
        assertTrue(String.valueOf(pool.get("UserPoolTier")).contains("PLUS"), "threat protection needs Plus");
        boolean createdAt = false;
        for (Object attribute : list(pool.get("Schema"))) {
            createdAt |= "created_at".equals(map(attribute).get("Name"));
        }
        assertTrue(createdAt, "a custom:created_at attribute: " + pool.get("Schema"));
        Map<String, Object> client = properties("ShopperPageClient");
        assertEquals(List.of("email"), list(client.get("WriteAttributes")), "shoppers never write custom:created_at");
        assertTrue(String.valueOf(client.get("ReadAttributes")).contains("custom:created_at"));
    }

    /** Item 9: Cognito's own sender sends a few dozen mails a day; a sale's sign-ups need SES (DEVELOPER). */
    @Test
    void cognitoEmail_shouldBeSentBySes_whenASourceArnIsGiven_andByCognitoOtherwise() {
        Map<String, Object> parameter = map(map(raw.get("Parameters")).get("CognitoEmailSourceArn"));
        assertEquals("", String.valueOf(parameter.get("Default")), "a CognitoEmailSourceArn parameter, empty by default");
        Object email = properties("ShopperUserPool").get("EmailConfiguration");
        assertTrue(email instanceof Intrinsic i && i.function().equals("If"), "EmailConfiguration: " + email);
        List<Object> branches = list(((Intrinsic) email).argument());
        Map<String, Object> condition = map(map(raw.get("Conditions")));
        assertTrue(condition.containsKey(String.valueOf(branches.get(0))), "a condition " + branches.get(0));
        Map<String, Object> ses = map(branches.get(1));
        assertEquals("DEVELOPER", ses.get("EmailSendingAccount"));
        assertTrue(String.valueOf(ses.get("SourceArn")).contains("CognitoEmailSourceArn"), ses.toString());
        assertEquals("COGNITO_DEFAULT", map(branches.get(2)).get("EmailSendingAccount"));
    }

    /**
     * Item 10: every name that must be unique in an account and region (and the Cognito domain, unique in the
     * region across accounts) differs between any two samconfig environments deploying to the same region.
     */
    @Test
    void everyAccountWideName_shouldDiffer_betweenTwoSamconfigEnvironmentsOfOneRegion() throws Exception {
        Map<String, Map<String, String>> environments = Samconfig.environments(ROOT.resolve("samconfig.toml"));
        assertTrue(environments.size() >= 2, environments.toString());
        Map<String, Map<String, String>> namesByEnvironment = new LinkedHashMap<>();
        environments.forEach((env, settings) -> {
            Map<String, String> overrides = new LinkedHashMap<>(Samconfig.parameterOverrides(settings));
            overrides.putAll(Map.of("StockBackend", "redis", "WafEnabled", "true", "ApiGatewayAccountRole", "create"));
            try {
                namesByEnvironment.put(env, names(StackTemplate.read(ROOT.resolve("template.yaml"), overrides,
                        settings.get("stack_name"), settings.get("region"))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(namesByEnvironment.values().iterator().next().containsKey("ShopperUserPoolDomain.Domain"));
        List<String> collisions = new ArrayList<>();
        List<String> envs = new ArrayList<>(environments.keySet());
        for (int a = 0; a < envs.size(); a++) {
            for (int b = a + 1; b < envs.size(); b++) {
                if (!environments.get(envs.get(a)).get("region").equals(environments.get(envs.get(b)).get("region"))) {
                    continue;
                }
                Map<String, String> first = namesByEnvironment.get(envs.get(a));
                Map<String, String> second = namesByEnvironment.get(envs.get(b));
                String pair = envs.get(a) + "/" + envs.get(b);
                first.forEach((where, name) -> {
                    if (name.equals(second.get(where))) {
                        collisions.add(pair + " " + where + " = " + name);
                    }
                });
            }
        }
        assertEquals(List.of(), collisions);
    }

    /** Names CloudFormation gives AWS for resources whose names are unique per account and region. */
    private static final Set<String> NAME_PROPERTIES = Set.of("Name", "UserPoolName", "LogGroupName", "DashboardName",
            "ServerlessCacheName", "Domain", "UserId", "UserGroupId");

    private static Map<String, String> names(StackTemplate template) {
        Map<String, String> names = new TreeMap<>();
        for (String type : List.of("AWS::Cognito::UserPool", "AWS::Cognito::UserPoolDomain", "AWS::Logs::LogGroup",
                "AWS::CloudWatch::Dashboard", "AWS::ElastiCache::ServerlessCache", "AWS::ElastiCache::User",
                "AWS::ElastiCache::UserGroup", "AWS::WAFv2::IPSet", "AWS::WAFv2::WebACL",
                "AWS::CloudFront::OriginAccessControl", "AWS::CloudFront::OriginRequestPolicy",
                "AWS::CloudFront::CachePolicy", "AWS::Serverless::Api")) {
            template.resourcesOfType(type).forEach((id, props) -> props.forEach((key, value) -> {
                if (NAME_PROPERTIES.contains(key) && !(key.equals("UserGroupId") && !type.endsWith("UserGroup"))) {
                    names.put(id + "." + key, template.resolve(value, IDS));
                } else if (key.endsWith("Config") && map(value).containsKey("Name")) {
                    names.put(id + "." + key + ".Name", template.resolve(map(value).get("Name"), IDS));
                }
            }));
        }
        return names;
    }

    /**
     * Item 5: ElastiCache keeps user and group ids in lower case (the resource schema's pattern [a-z][a-z0-9-]*),
     * and IAM authentication needs the user id to equal the user name: a stack name with capitals must not reach
     * them. The functions connect as that very user, and are allowed to.
     */
    @Test
    void cacheIds_shouldBeLowerCase_andTheIamUsersIdItsName_whateverTheStackName() throws Exception {
        StackTemplate template = StackTemplate.read(ROOT.resolve("template.yaml"), Map.of("StockBackend", "redis"),
                "FlashSale-Prod", "eu-west-1");
        Pattern id = Pattern.compile("[a-z][a-z0-9-]*");
        List<Specs.CacheUser> users = template.cacheUsers(IDS);
        assertEquals(2, users.size());
        for (Specs.CacheUser user : users) {
            assertTrue(id.matcher(user.userId()).matches(), user.toString());
        }
        for (Specs.CacheUserGroup group : template.cacheUserGroups(IDS)) {
            assertTrue(id.matcher(group.groupId()).matches(), group.toString());
        }
        Specs.CacheUser functions = users.stream().filter(u -> u.authentication().equals("iam")).findFirst().orElseThrow();
        assertEquals(functions.userId(), functions.userName());
        for (Specs.Function function : template.functions(IDS)) {
            assertEquals(functions.userName(), function.environment().get("FLASHSALE_REDIS_USER"), function.logicalId());
        }
        Specs.CacheUser defaultUser = users.stream().filter(u -> u.userName().equals("default")).findFirst().orElseThrow();
        assertEquals("password", defaultUser.authentication(), "a valkey group takes only users that authenticate");
        assertTrue(defaultUser.accessString().startsWith("off"), defaultUser.accessString());
        Map<String, Object> defaultProps = properties(defaultUser.logicalId());
        assertTrue(String.valueOf(defaultProps).contains("{{resolve:secretsmanager:"),
                "the default user's password comes from Secrets Manager: " + defaultProps);
    }

    /**
     * Item 4 (and issue 21, finding 6), as the local stack reads the template: every shopper route requires an
     * API key and no admin route does, and the stage's usage plan holds the origin secret's current value, which
     * CloudFront sends as x-api-key.
     */
    @Test
    void localStack_shouldReadTheKeyRequiringRoutes_andTheUsagePlansKeys_fromTheTemplate() throws Exception {
        StackTemplate fresh = StackTemplate.read(ROOT.resolve("template.yaml"), Map.of());
        StackTemplate rotated = StackTemplate.read(ROOT.resolve("template.yaml"), Map.of("OriginSecretGeneration", "2"));
        List<Specs.Route> routes = fresh.routes();
        assertTrue(routes.stream().filter(r -> !r.iamAuthorised()).count() >= 5, routes.toString());
        for (Specs.Route route : routes) {
            assertEquals(!route.path().startsWith("/api/admin/"), route.apiKeyRequired(), route.toString());
        }
        String current = "{{resolve:secretsmanager:OriginSecret:SecretString:current}}";
        assertEquals(List.of(current), fresh.apiKeys(IDS));
        assertEquals(List.of(current), rotated.apiKeys(IDS));
        assertEquals(current, fresh.apiOriginHeaders(IDS).get("x-api-key"));
        assertEquals(current, fresh.apiOriginHeaders(IDS).get("X-Origin-Verify"));
        Map<String, Object> generate = map(properties("OriginSecret").get("GenerateSecretString"));
        assertEquals("current", generate.get("GenerateStringKey"), "the secret is JSON: {\"current\": ...}");
    }

    /**
     * Issue 21, finding 9: every behaviour of the distribution (the page's and the API's) adds the security
     * headers; the local site sends the policy's headers as read from here.
     */
    @Test
    void everyBehaviour_shouldAddTheSecurityHeadersPolicy_andTheLocalSiteReadIt() throws Exception {
        Map<String, Object> config = map(properties("Distribution").get("DistributionConfig"));
        List<Map<String, Object>> behaviours = new ArrayList<>();
        behaviours.add(map(config.get("DefaultCacheBehavior")));
        list(config.get("CacheBehaviors")).forEach(b -> behaviours.add(map(b)));
        assertTrue(behaviours.size() >= 5, behaviours.toString());
        String policyId = null;
        for (Map<String, Object> behaviour : behaviours) {
            Object policy = behaviour.get("ResponseHeadersPolicyId");
            assertTrue(policy instanceof Intrinsic ref && ref.function().equals("Ref"), behaviour + ": " + policy);
            policyId = String.valueOf(((Intrinsic) policy).argument());
            assertEquals("AWS::CloudFront::ResponseHeadersPolicy", resource(policyId).get("Type"));
        }
        Map<String, String> headers = StackTemplate.read(ROOT.resolve("template.yaml"), Map.of()).pageResponseHeaders(IDS);
        assertTrue(headers.get("Content-Security-Policy").contains("frame-ancestors 'none'"), headers.toString());
        assertTrue(headers.get("Content-Security-Policy").contains(
                "connect-src 'self' https://ShopperUserPoolDomain.auth.us-east-1.amazoncognito.com"), headers.toString());
        assertEquals("DENY", headers.get("X-Frame-Options"));
        assertTrue(headers.get("Strict-Transport-Security").matches("max-age=\\d{8,}; includeSubDomains"), headers.toString());
        assertEquals("nosniff", headers.get("X-Content-Type-Options"));
        assertEquals("strict-origin-when-cross-origin", headers.get("Referrer-Policy"));
    }

    /**
     * Issue 21, finding 4: the stack's pool stamps custom:created_at itself: its post-confirmation trigger is the
     * accounts function, granted AdminUpdateUserAttributes on that pool (in a policy of its own, against the circular
     * dependency), and the page's client may read the attribute but never write it.
     */
    @Test
    void userPool_shouldStampTheCreationTimeByItsTrigger_andThePageClientNeverWriteIt() {
        Map<String, Object> trigger = properties("PostConfirmationFunction");
        Map<String, Object> event = map(map(map(trigger.get("Events")).get("Confirmed")).get("Properties"));
        assertEquals("Cognito", map(map(trigger.get("Events")).get("Confirmed")).get("Type"));
        assertEquals("PostConfirmation", event.get("Trigger"));
        assertEquals("ShopperUserPool", ((Intrinsic) event.get("UserPool")).argument());
        assertEquals("CreateUserPool", resource("PostConfirmationFunction").get("Condition"));
        Map<String, Object> policy = properties("PostConfirmationPoolPolicy");
        assertEquals(List.of(new Intrinsic("Ref", "PostConfirmationFunctionRole")), policy.get("Roles"));
        Map<String, Object> statement = map(list(map(policy.get("PolicyDocument")).get("Statement")).get(0));
        assertEquals("cognito-idp:AdminUpdateUserAttributes", statement.get("Action"));
        assertEquals("ShopperUserPool",
                IntrinsicEvaluator.getAttParts(((Intrinsic) statement.get("Resource")).argument())[0]);
        List<Object> writable = list(properties("ShopperPageClient").get("WriteAttributes"));
        assertFalse(writable.contains("custom:created_at"), writable.toString());
        assertTrue(map(list(properties("ShopperUserPool").get("Schema")).get(0)).get("Name").equals("created_at"));
    }

    /** Item 6: the reconciler alarms when it fails or runs near its timeout (its work no longer bounded then). */
    @Test
    void reconciler_shouldAlarmOnItsErrorsAndOnItsDuration() throws Exception {
        Specs.Function reconciler = StackTemplate.read(ROOT.resolve("template.yaml"), Map.of()).functions(IDS).stream()
                .filter(f -> f.logicalId().equals("ReconcilerFunction")).findFirst().orElseThrow();
        Map<String, Map<String, Object>> alarms = new LinkedHashMap<>();
        map(raw.get("Resources")).forEach((logicalId, r) -> {
            Map<String, Object> props = map(map(r).get("Properties"));
            boolean onReconciler = list(props.get("Dimensions")).stream().map(TemplateCheck::map).anyMatch(d ->
                    "FunctionName".equals(d.get("Name")) && String.valueOf(d.get("Value")).contains("ReconcilerFunction"));
            if ("AWS::CloudWatch::Alarm".equals(map(r).get("Type")) && onReconciler) {
                alarms.put(String.valueOf(props.get("MetricName")), props);
            }
        });
        assertTrue(alarms.containsKey("Errors"), alarms.keySet().toString());
        Map<String, Object> duration = alarms.get("Duration");
        assertNotNull(duration, alarms.keySet().toString());
        assertEquals("Maximum", duration.get("Statistic"));
        double threshold = Double.parseDouble(String.valueOf(duration.get("Threshold")));
        assertTrue(threshold < reconciler.timeoutSeconds() * 1000.0, "alarms before the timeout: " + threshold);
    }

    /**
     * Item 6: every per-sale item of the stock table (shards, buyer counts, intents, repair records, leases) may
     * carry an expiry: the table has TTL on the attribute the adapters write.
     */
    @Test
    void stockTable_shouldExpireItemsByTheAttributeTheAdaptersWrite() throws Exception {
        Map<String, Object> ttl = map(properties("StockTable").get("TimeToLiveSpecification"));
        assertEquals(Boolean.TRUE, ttl.get("Enabled"));
        String attribute = String.valueOf(ttl.get("AttributeName"));
        String adapter = Files.readString(ROOT.resolve(
                "functions/adapters/src/main/java/dev/flashsale/adapters/dynamodb/StockItemExpiry.java"));
        assertTrue(adapter.contains("\"" + attribute + "\""), "the adapters write " + attribute);
    }

    /**
     * Item 5, last sentence: an empty serverless cache serves 30,000 ECPU/s and doubles from there in minutes,
     * slower than a sale's opening jumps. CacheMinimumEcpuPerSecond pre-scales it (CacheUsageLimits
     * ECPUPerSecond Minimum); ElastiCache takes a minimum from 1,000 to 15,000,000 ECPU/s, so the parameter admits
     * 0 (no limits at all, the property left out) or exactly that range. prod's value passes it.
     */
    @Test
    void stockCache_shouldPreScaleToTheMinimumWithinAwsBounds_whenSet_andHaveNoUsageLimits_whenZero() throws Exception {
        Path file = ROOT.resolve("template.yaml");
        StackTemplate unset = StackTemplate.read(file, Map.of("StockBackend", "redis"));
        Object limits = unset.resourcesOfType("AWS::ElastiCache::ServerlessCache").get("StockCache")
                .get("CacheUsageLimits");
        assertNull(unset.resolve(limits, IDS), "0, the default: no CacheUsageLimits");
        StackTemplate set = StackTemplate.read(file,
                Map.of("StockBackend", "redis", "CacheMinimumEcpuPerSecond", "100000"));
        assertNotNull(set.resolve(limits, IDS), "a minimum set: CacheUsageLimits");
        Map<String, Object> ecpu = map(map(list(((Intrinsic) limits).argument()).get(1)).get("ECPUPerSecond"));
        assertEquals("100000", set.resolve(ecpu.get("Minimum"), IDS));

        Map<String, Object> parameter = map(map(raw.get("Parameters")).get("CacheMinimumEcpuPerSecond"));
        assertEquals("0", String.valueOf(parameter.get("Default")));
        Pattern allowed = Pattern.compile(String.valueOf(parameter.get("AllowedPattern")));
        for (String inBounds : List.of("0", "1000", "1001", "30000", "999999", "1000000", "9999999", "10000000",
                "14999999", "15000000")) {
            assertTrue(allowed.matcher(inBounds).matches(), inBounds + " is a minimum ElastiCache takes");
        }
        for (String outOfBounds : List.of("", "1", "999", "0999", "00", "-1000", "1000.5", "15000001", "15100000",
                "20000000", "100000000")) {
            assertFalse(allowed.matcher(outOfBounds).matches(), outOfBounds + " is refused by ElastiCache");
        }
        Map<String, String> prod = Samconfig.parameterOverrides(
                Samconfig.environments(ROOT.resolve("samconfig.toml")).get("prod"));
        String prodMinimum = prod.getOrDefault("CacheMinimumEcpuPerSecond", "0");
        assertTrue(allowed.matcher(prodMinimum).matches() && Long.parseLong(prodMinimum) > 0,
                "prod pre-scales its cache for the opening: " + prodMinimum);
    }

    /** samconfig.toml's environments, as sam reads them: the few keys this project writes, one per line. */
    static final class Samconfig {

        private static final Pattern SECTION = Pattern.compile("^\\[([A-Za-z0-9_-]+)\\.(global|deploy)\\.parameters]$");
        private static final Pattern SETTING = Pattern.compile("^([a-z_]+)\\s*=\\s*\"(.*)\"$");

        static Map<String, Map<String, String>> environments(Path file) throws Exception {
            Map<String, Map<String, String>> environments = new LinkedHashMap<>();
            String env = null;
            for (String line : Files.readAllLines(file)) {
                line = line.strip();
                Matcher section = SECTION.matcher(line);
                if (section.matches()) {
                    env = section.group(1);
                    environments.computeIfAbsent(env, e -> new LinkedHashMap<>());
                    continue;
                }
                if (line.startsWith("[")) {
                    env = null;
                }
                Matcher setting = SETTING.matcher(line);
                if (env != null && setting.matches()) {
                    environments.get(env).put(setting.group(1), setting.group(2));
                }
            }
            return environments;
        }

        static Map<String, String> parameterOverrides(Map<String, String> settings) {
            Map<String, String> overrides = new LinkedHashMap<>();
            for (String pair : settings.getOrDefault("parameter_overrides", "").trim().split("\\s+")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    overrides.put(pair.substring(0, equals), pair.substring(equals + 1).replace("\"", ""));
                }
            }
            return overrides;
        }
    }
}
