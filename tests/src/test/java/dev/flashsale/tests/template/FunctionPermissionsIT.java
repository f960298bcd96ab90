package dev.flashsale.tests.template;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.flashsale.tests.template.TemplateCheck.list;
import static dev.flashsale.tests.template.TemplateCheck.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22, item 7: every AWS call a function's code makes is granted by its own role in the translated template
 * (the SAM policy templates expanded), in the options that make the call. The calls are a table, function by
 * function; the table is itself checked against the SDK operations the functions' code names, so a new call
 * fails here until it is tabled and granted.
 */
class FunctionPermissionsIT {

    /** A call: the IAM action, the template resource it acts on, and the backend that makes it (null: both). */
    record Call(String action, String resource, String backend) {
        static Call of(String action, String resource) {
            return new Call(action, resource, null);
        }

        static Call redis(String action, String resource) {
            return new Call(action, resource, "redis");
        }

        static Call dynamodb(String action, String resource) {
            return new Call(action, resource, "dynamodb");
        }

        boolean madeBy(String stockBackend) {
            return backend == null || backend.equals(stockBackend);
        }
    }

    private static final List<String> TABLE_READS = List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan",
            "dynamodb:BatchGetItem");
    private static final List<String> TABLE_WRITES = List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem");

    private static List<Call> reads(String table) {
        return TABLE_READS.stream().map(a -> Call.of(a, table)).toList();
    }

    private static List<Call> readsAndWrites(String table) {
        return Stream.concat(reads(table).stream(), TABLE_WRITES.stream().map(a -> Call.of(a, table))).toList();
    }

    @SafeVarargs
    private static List<Call> calls(List<Call>... groups) {
        List<Call> all = new ArrayList<>();
        for (List<Call> group : groups) {
            all.addAll(group);
        }
        return all;
    }

    private static final List<Call> REDIS_CONNECT = List.of(Call.redis("elasticache:Connect", "StockCache"),
            Call.redis("elasticache:Connect", "StockCacheUser"));

    /**
     * Order events (issue 25): every function that writes an order status (admission pays, the order function
     * confirms or rejects, the reconciler and the admin's reconcile expire and finish pending events) publishes.
     */
    private static final List<Call> ORDER_EVENTS = List.of(Call.of("events:PutEvents", "OrderEventsBus"));

    /** What each function's code calls (adapters it wires), by the template's logical ids. */
    static final Map<String, List<Call>> CALLS = new LinkedHashMap<>();

    /**
     * The functions whose roles grant exactly their table, no more: the sale's GET is the one reachable by anyone
     * at the sale's rate (the others' roles take SAM's policy templates, which grant a table's every action).
     */
    private static final Set<String> EXACT = Set.of("SaleReadFunction", "PostConfirmationFunction");

    static {
        CALLS.put("AdmissionFunction", calls(reads("SalesTable"), readsAndWrites("StockTable"),
                readsAndWrites("OrdersTable"), readsAndWrites("ProtectionTable"), REDIS_CONNECT, ORDER_EVENTS, List.of(
                        Call.of("sqs:SendMessage", "OrderQueue"),
                        Call.of("secretsmanager:GetSecretValue", "ChallengeSecret"),
                        Call.of("secretsmanager:GetSecretValue", "OriginSecret"),
                        // a restored Redis sale reopens once the order queue reads empty (SqsOrderQueue.isEmpty)
                        Call.redis("sqs:GetQueueAttributes", "OrderQueue"))));
        // The sale's GET runs the admission code (the same jar) in a function of its own (issue 21, finding 3),
        // traced from the handler: the priming read and SaleQuery's catalog find (GetItem), the remaining units
        // (DynamoStockShards' BatchGetItem, or a Redis MGET), AdmissionGuard.challengeRequired's load counters
        // (BatchGetItem), KeyedHash's challenge key at init and OriginCheck's secret (SaleReadCallsIT records them).
        CALLS.put("SaleReadFunction", calls(REDIS_CONNECT, List.of(
                Call.of("dynamodb:GetItem", "SalesTable"),
                Call.dynamodb("dynamodb:BatchGetItem", "StockTable"),
                Call.of("dynamodb:BatchGetItem", "ProtectionTable"),
                Call.of("secretsmanager:GetSecretValue", "ChallengeSecret"),
                Call.of("secretsmanager:GetSecretValue", "OriginSecret"))));
        // The pool's trigger stamps a confirmed account (issue 21, finding 4): its grant is a policy of its own.
        CALLS.put("PostConfirmationFunction", List.of(
                Call.of("cognito-idp:AdminUpdateUserAttributes", "ShopperUserPool")));
        CALLS.put("OrderFunction", calls(reads("SalesTable"), readsAndWrites("StockTable"),
                readsAndWrites("OrdersTable"), REDIS_CONNECT, ORDER_EVENTS));
        CALLS.put("AdminFunction", calls(readsAndWrites("SalesTable"), readsAndWrites("StockTable"),
                readsAndWrites("OrdersTable"), readsAndWrites("ProtectionTable"), REDIS_CONNECT, ORDER_EVENTS, List.of(
                        Call.of("sqs:SendMessage", "OrderQueue"),
                        Call.of("sqs:ReceiveMessage", "OrderDeadLetterQueue"),
                        Call.of("sqs:DeleteMessage", "OrderDeadLetterQueue"),
                        // SQS authorises a batch call by its single action (there is no ...Batch action in IAM)
                        Call.of("sqs:ChangeMessageVisibility", "OrderDeadLetterQueue"),
                        Call.of("sqs:GetQueueAttributes", "OrderDeadLetterQueue"),
                        // its reconcile reopens restored Redis sales as the reconciler does (SqsOrderQueue.isEmpty)
                        Call.redis("sqs:GetQueueAttributes", "OrderQueue"))));
        CALLS.put("ReconcilerFunction", calls(reads("SalesTable"), readsAndWrites("StockTable"),
                readsAndWrites("OrdersTable"), reads("ProtectionTable"), REDIS_CONNECT, ORDER_EVENTS, List.of(
                        Call.redis("sqs:GetQueueAttributes", "OrderQueue"))));
    }

    /** The SDK operations of the functions' code, by the IAM action each needs. */
    private static final Map<String, String> OPERATION_ACTIONS = Map.ofEntries(
            Map.entry("getItem", "dynamodb:GetItem"), Map.entry("putItem", "dynamodb:PutItem"),
            Map.entry("updateItem", "dynamodb:UpdateItem"), Map.entry("deleteItem", "dynamodb:DeleteItem"),
            Map.entry("query", "dynamodb:Query"), Map.entry("queryPaginator", "dynamodb:Query"),
            Map.entry("scan", "dynamodb:Scan"), Map.entry("scanPaginator", "dynamodb:Scan"),
            Map.entry("batchGetItem", "dynamodb:BatchGetItem"), Map.entry("batchWriteItem", "dynamodb:BatchWriteItem"),
            Map.entry("transactWriteItems", "dynamodb:TransactWriteItems"),
            Map.entry("sendMessage", "sqs:SendMessage"), Map.entry("sendMessageBatch", "sqs:SendMessage"),
            Map.entry("receiveMessage", "sqs:ReceiveMessage"), Map.entry("deleteMessage", "sqs:DeleteMessage"),
            Map.entry("deleteMessageBatch", "sqs:DeleteMessage"),
            Map.entry("changeMessageVisibility", "sqs:ChangeMessageVisibility"),
            Map.entry("changeMessageVisibilityBatch", "sqs:ChangeMessageVisibility"),
            Map.entry("getQueueAttributes", "sqs:GetQueueAttributes"),
            Map.entry("getSecretValue", "secretsmanager:GetSecretValue"),
            Map.entry("putEvents", "events:PutEvents"),
            Map.entry("adminUpdateUserAttributes", "cognito-idp:AdminUpdateUserAttributes"));
    private static final Pattern SDK_CALL = Pattern.compile("\\b(dynamo|sqs|client|eventBridge)\\.([a-zA-Z]+)\\(");

    private static final Map<String, Map<String, Object>> TRANSLATED = new LinkedHashMap<>();
    private static final Map<String, Map<String, Object>> PARAMETERS = new LinkedHashMap<>();

    @BeforeAll
    static void translate() throws Exception {
        TemplateCheck.Matrix shared = TemplateCheck.matrix();
        TemplateCheck.Run run = shared.run();
        Path out = shared.out();
        assertEquals(0, run.exitCode(), run.stderr());
        for (Map<String, Object> line : run.jsonLines()) {
            String name = String.valueOf(line.get("case"));
            PARAMETERS.put(name, map(line.get("parameters")));
            TRANSLATED.put(name, TemplateCheck.json(out.resolve(name + ".json")));
        }
    }

    @Test
    void everyCallAFunctionMakes_shouldBeGrantedByItsOwnRole_inEveryOptionCombination() {
        List<String> missing = new ArrayList<>();
        TRANSLATED.forEach((name, template) -> {
            Map<String, Object> parameters = PARAMETERS.get(name);
            String backend = String.valueOf(parameters.get("StockBackend"));
            CALLS.forEach((function, calls) -> {
                List<Map<String, Object>> statements = statements(template, function + "Role", parameters);
                for (Call call : calls) {
                    if (!call.madeBy(backend)) {
                        continue;
                    }
                    if (statements.stream().noneMatch(statement -> grants(statement, call))) {
                        missing.add(name + " " + function + ": " + call.action() + " on " + call.resource());
                    }
                }
            });
        });
        assertEquals(List.of(), missing);
    }

    /** An exact function's role grants nothing its table does not list, in every option combination. */
    @Test
    void exactFunctions_shouldBeGrantedNothingTheyDoNotCall_inEveryOptionCombination() {
        List<String> extra = new ArrayList<>();
        TRANSLATED.forEach((name, template) -> {
            Map<String, Object> parameters = PARAMETERS.get(name);
            for (String function : EXACT) {
                extras(function, template, parameters, statements(template, function + "Role", parameters))
                        .forEach(granted -> extra.add(name + " " + function + ": " + granted));
            }
        });
        assertEquals(List.of(), extra);
    }

    /** A grant the exactness check must catch: the admission function's queue send, added to the sale read's role. */
    @Test
    void exactness_shouldFail_whenAGrantIsAdded() {
        String name = TRANSLATED.keySet().iterator().next();
        Map<String, Object> template = TRANSLATED.get(name);
        Map<String, Object> parameters = PARAMETERS.get(name);
        List<Map<String, Object>> statements = new ArrayList<>(statements(template, "SaleReadFunctionRole", parameters));
        assertEquals(List.of(), extras("SaleReadFunction", template, parameters, statements));
        Call send = Call.of("sqs:SendMessage", "OrderQueue");
        statements.addAll(statements(template, "AdmissionFunctionRole", parameters).stream()
                .filter(s -> grants(s, send)).toList());
        List<String> extra = extras("SaleReadFunction", template, parameters, statements);
        assertTrue(extra.stream().anyMatch(granted -> granted.startsWith("sqs:SendMessage")
                && granted.endsWith(" on OrderQueue")), extra.toString());
    }

    /** What {@code statements} grant beyond the function's table (in this case's backend). */
    private static List<String> extras(String function, Map<String, Object> template, Map<String, Object> parameters,
                                       List<Map<String, Object>> statements) {
        String backend = String.valueOf(parameters.get("StockBackend"));
        Set<Call> tabled = new java.util.HashSet<>();
        CALLS.get(function).stream().filter(call -> call.madeBy(backend))
                .forEach(call -> tabled.add(Call.of(call.action(), call.resource())));
        return granted(template, statements).stream().filter(granted -> !tabled.contains(granted))
                .map(granted -> granted.action() + " on " + granted.resource()).toList();
    }

    /** Each (action, resource) pair the statements grant, resources by the template's logical ids they name. */
    private static List<Call> granted(Map<String, Object> template, List<Map<String, Object>> statements) {
        Set<String> ids = map(template.get("Resources")).keySet();
        List<Call> granted = new ArrayList<>();
        for (Map<String, Object> statement : statements) {
            Object actions = statement.get("Action");
            Object resources = statement.get("Resource");
            for (Object action : actions instanceof List<?> ? list(actions) : List.of(actions)) {
                for (Object resource : resources instanceof List<?> ? list(resources) : List.of(resources)) {
                    String text = String.valueOf(resource);
                    List<String> named = ids.stream().filter(id ->
                            Pattern.compile("\\b" + id + "\\b(?![A-Za-z])").matcher(text).find()).toList();
                    granted.add(Call.of(String.valueOf(action), named.size() == 1 ? named.get(0) : text));
                }
            }
        }
        return granted;
    }

    /** The table covers every SDK operation the functions' code names (a new one must be tabled, so granted). */
    @Test
    void callTable_shouldCoverEverySdkOperationInTheFunctionsCode() throws Exception {
        Set<String> tabled = new TreeSet<>();
        CALLS.values().forEach(calls -> calls.forEach(call -> tabled.add(call.action())));
        Set<String> used = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        try (Stream<Path> files = Files.walk(TemplateCheck.ROOT.resolve("functions"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/"))
                    .toList()) {
                Matcher call = SDK_CALL.matcher(Files.readString(file));
                while (call.find()) {
                    String action = OPERATION_ACTIONS.get(call.group(2));
                    if (action != null) {
                        used.add(action);
                    } else if (call.group(1).equals("dynamo") || call.group(1).equals("sqs")
                            || call.group(1).equals("eventBridge")) {
                        unknown.add(file.getFileName() + ": " + call.group(2));
                    }
                }
            }
        }
        assertTrue(used.contains("sqs:GetQueueAttributes") && used.contains("dynamodb:Query")
                && used.contains("events:PutEvents"), used.toString());
        Set<String> untabled = new TreeSet<>(used);
        untabled.removeAll(tabled);
        assertEquals(Set.of(), untabled, "SDK calls in the code that no function's table lists");
        assertEquals(Set.of(), unknown, "SDK operations this test does not know the IAM action of");
    }

    /** A statement the test must catch: the admin's queue read, removed, fails the check. */
    @Test
    void grants_shouldFail_whenTheStatementIsRemoved() {
        String redisCase = PARAMETERS.entrySet().stream()
                .filter(e -> "redis".equals(e.getValue().get("StockBackend"))).findFirst().orElseThrow().getKey();
        List<Map<String, Object>> statements = new ArrayList<>(
                statements(TRANSLATED.get(redisCase), "AdminFunctionRole", PARAMETERS.get(redisCase)));
        Call read = Call.redis("sqs:GetQueueAttributes", "OrderQueue");
        assertTrue(statements.stream().anyMatch(s -> grants(s, read)));
        statements.removeIf(s -> grants(s, read) && String.valueOf(s.get("Resource")).contains("OrderQueue")
                && !String.valueOf(s.get("Resource")).contains("OrderDeadLetterQueue"));
        assertTrue(statements.stream().noneMatch(s -> grants(s, read)));
    }

    /** The role's Allow statements in this case: an Fn::If policy contributes the branch its condition takes. */
    private static List<Map<String, Object>> statements(Map<String, Object> template, String roleId,
                                                        Map<String, Object> parameters) {
        Map<String, Object> role = map(map(template.get("Resources")).get(roleId));
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(map(role.get("Properties")).get("Policies"))) {
            Map<String, Object> taken = map(policy);
            while (taken.containsKey("Fn::If")) {
                List<Object> branches = list(taken.get("Fn::If"));
                taken = map(holds(String.valueOf(branches.get(0)), parameters) ? branches.get(1) : branches.get(2));
            }
            collect(taken.get("PolicyDocument"), parameters, statements);
        }
        // Policies of their own attached to the role (what breaks a circular dependency), in this case's conditions.
        map(template.get("Resources")).values().stream().map(TemplateCheck::map)
                .filter(r -> "AWS::IAM::Policy".equals(r.get("Type")))
                .filter(r -> r.get("Condition") == null || holds(String.valueOf(r.get("Condition")), parameters))
                .filter(r -> list(map(r.get("Properties")).get("Roles")).contains(Map.of("Ref", roleId)))
                .forEach(r -> collect(map(r.get("Properties")).get("PolicyDocument"), parameters, statements));
        return statements;
    }

    private static void collect(Object node, Map<String, Object> parameters, List<Map<String, Object>> into) {
        Map<String, Object> m = map(node);
        if (m.containsKey("Fn::If")) {
            List<Object> branches = list(m.get("Fn::If"));
            collect(holds(String.valueOf(branches.get(0)), parameters) ? branches.get(1) : branches.get(2),
                    parameters, into);
            return;
        }
        for (Object statement : list(m.get("Statement"))) {
            Map<String, Object> s = map(statement);
            if (s.containsKey("Fn::If")) {
                collect(Map.of("Statement", List.of(s)), parameters, into);
                continue;
            }
            if ("Allow".equals(s.get("Effect"))) {
                into.add(s);
            }
        }
        if (m.containsKey("Statement") && map(m.get("Statement")).containsKey("Fn::If")) {
            collect(m.get("Statement"), parameters, into);
        }
    }

    /** The template's conditions that policies use, by the case's parameters. */
    private static boolean holds(String condition, Map<String, Object> parameters) {
        return switch (condition) {
            case "UseRedis" -> "redis".equals(parameters.get("StockBackend"));
            case "UseWaf" -> "true".equals(parameters.get("WafEnabled"));
            case "CreateUserPool" -> String.valueOf(parameters.getOrDefault("ExistingUserPoolId", "")).isEmpty();
            default -> throw new IllegalArgumentException("a policy under condition " + condition);
        };
    }

    private static boolean grants(Map<String, Object> statement, Call call) {
        Object actions = statement.get("Action");
        List<Object> actionList = actions instanceof List<?> ? list(actions) : List.of(String.valueOf(actions));
        boolean action = actionList.stream().map(String::valueOf).anyMatch(granted ->
                call.action().matches(Pattern.quote(granted).replace("*", "\\E.*\\Q")));
        Pattern resource = Pattern.compile("\\b" + call.resource() + "\\b(?![A-Za-z])");
        return action && resource.matcher(String.valueOf(statement.get("Resource"))).find();
    }
}
