package dev.flashsale.local.cloud.dynamodb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local DynamoDB's front door: a loopback HTTP server that forwards DynamoDB JSON API calls to the DynamoDB
 * server (dynalite) and meters each item call against DynamoDB's per-key throughput ({@link KeyThroughput}): an
 * item write under its table key and under each index key it writes (old and new image), a read under the key it
 * reads. A call that would take a key over its limit is answered as DynamoDB answers it, HTTP 400
 * {@code ProvisionedThroughputExceededException} with a {@code ThrottlingReasons} entry
 * ({@code TableWriteKeyRangeThroughputExceeded}, {@code IndexWriteKeyRangeThroughputExceeded}, ...), which the SDK
 * retries. Item sizes come from the items themselves: the old image read first (tables with indexes), the new one
 * from the request or returned by the write. Scans and batch calls other than BatchGetItem/BatchWriteItem go
 * through unmetered.
 */
public final class DynamoDbFront implements AutoCloseable {

    static {
        // Without it the JDK's server waits for Nagle's delayed acknowledgements: ~40 ms a call (read once per JVM)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final String TARGET = "DynamoDB_20120810.";
    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client;
    private final URI upstream;
    private final Map<String, TableKeys> tables;
    private final KeyThroughput meter;
    private final String arnPrefix;

    public DynamoDbFront(URI upstream, List<TableKeys> tables, KeyThroughput meter, String arnPrefix)
            throws IOException {
        this.upstream = upstream;
        this.meter = meter;
        this.arnPrefix = arnPrefix;
        this.tables = new HashMap<>();
        tables.forEach(t -> this.tables.put(t.table(), t));
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "dynamodb-front");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public KeyThroughput meter() {
        return meter;
    }

    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target != null && target.startsWith(TARGET) ? target.substring(TARGET.length()) : "";
            Answer answer;
            try {
                answer = metered(exchange, operation, body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } catch (RuntimeException unreadable) { // the front's own fault: answered as DynamoDB's, never a hang-up
                System.err.println("dynamodb front: " + operation + ": " + unreadable);
                answer = new Answer(500, Map.of("Content-Type", List.of("application/x-amz-json-1.0")),
                        JSON.writeValueAsBytes(Map.of("__type", "com.amazonaws.dynamodb.v20120810#InternalServerError",
                                "message", "The local DynamoDB front could not meter the call")));
            }
            reply(exchange, answer);
        }
    }

    private Answer metered(HttpExchange exchange, String operation, byte[] body) throws IOException, InterruptedException {
        Map<String, Object> request = switch (operation) {
            case "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "BatchGetItem", "BatchWriteItem" -> read(body);
            default -> null;
        };
        TableKeys keys = request == null ? null : tables.get(String.valueOf(request.get("TableName")));
        if (request == null || (keys == null && !operation.startsWith("Batch"))) {
            return forward(exchange, operation, body);
        }
        return switch (operation) {
            case "GetItem" -> getItem(exchange, keys, request, body);
            case "Query" -> query(exchange, keys, request, body);
            case "PutItem", "UpdateItem", "DeleteItem" -> write(exchange, operation, keys, request, body);
            default -> batch(exchange, operation, request, body);
        };
    }

    // --- reads

    private Answer getItem(HttpExchange exchange, TableKeys keys, Map<String, Object> request, byte[] body)
            throws IOException, InterruptedException {
        boolean consistent = Boolean.TRUE.equals(request.get("ConsistentRead"));
        Partition partition = Partition.ofTable(keys.table(), TableKeys.value(map(request.get("Key")), keys.hashKey()));
        Units estimate = new Units().read(partition, ItemSize.readUnits(0, consistent));
        Optional<KeyThroughput.Throttle> throttle = meter.admit(estimate);
        if (throttle.isPresent()) {
            return throttled(throttle.get());
        }
        Answer answer = forward(exchange, "GetItem", body);
        if (answer.status() == 200) {
            Map<String, Object> item = map(read(answer.body()).get("Item"));
            meter.settle(estimate, new Units().read(partition, ItemSize.readUnits(ItemSize.of(item), consistent)));
        }
        return answer;
    }

    private Answer query(HttpExchange exchange, TableKeys keys, Map<String, Object> request, byte[] body)
            throws IOException, InterruptedException {
        String indexName = (String) request.get("IndexName");
        TableKeys.Index index = indexName == null ? null : keys.index(indexName);
        String hashKey = index == null ? keys.hashKey() : index.hashKey();
        String keyValue = queriedKey(request, hashKey);
        if (keyValue == null) {
            return forward(exchange, "Query", body);
        }
        boolean consistent = Boolean.TRUE.equals(request.get("ConsistentRead"));
        Partition partition = index == null ? Partition.ofTable(keys.table(), keyValue)
                : Partition.ofIndex(keys.table(), index.name(), keyValue);
        Units estimate = new Units().read(partition, ItemSize.readUnits(0, consistent));
        Optional<KeyThroughput.Throttle> throttle = meter.admit(estimate);
        if (throttle.isPresent()) {
            return throttled(throttle.get());
        }
        Answer answer = forward(exchange, "Query", body);
        if (answer.status() == 200) {
            Object items = read(answer.body()).get("Items");
            int bytes = 0;
            if (items instanceof List<?> list) {
                for (Object item : list) {
                    bytes += ItemSize.of(map(item));
                }
            }
            meter.settle(estimate, new Units().read(partition, ItemSize.readUnits(bytes, consistent)));
        }
        return answer;
    }

    /** The partition key value a query's key condition names ({@code k = :v}, {@code #k = :v}). */
    static String queriedKey(Map<String, Object> request, String hashKey) {
        Object condition = request.get("KeyConditionExpression");
        if (!(condition instanceof String text)) {
            return null;
        }
        Map<String, Object> names = map(request.get("ExpressionAttributeNames"));
        Map<String, Object> values = map(request.get("ExpressionAttributeValues"));
        for (String part : text.split("(?i)\\s+AND\\s+")) {
            String[] sides = part.replace("(", "").replace(")", "").split("=");
            if (sides.length != 2) {
                continue;
            }
            String left = sides[0].trim();
            String name = left.startsWith("#") && names != null ? String.valueOf(names.get(left)) : left;
            String value = sides[1].trim();
            if (name.equals(hashKey) && values != null && values.get(value) != null) {
                return TableKeys.value(Map.of("k", values.get(value)), "k");
            }
        }
        return null;
    }

    // --- writes

    private Answer write(HttpExchange exchange, String operation, TableKeys keys, Map<String, Object> request,
                         byte[] body) throws IOException, InterruptedException {
        Map<String, Object> itemOrKey = map(request.get(operation.equals("PutItem") ? "Item" : "Key"));
        String tableKey = TableKeys.value(itemOrKey, keys.hashKey());
        Map<String, Object> old = keys.indexes().isEmpty() ? null
                : current(exchange, keys.table(), itemOrKey);
        Map<String, Object> predicted = switch (operation) {
            case "PutItem" -> itemOrKey;
            case "DeleteItem" -> null;
            default -> UpdatePrediction.apply(old == null ? itemOrKey : old, (String) request.get("UpdateExpression"),
                    strings(map(request.get("ExpressionAttributeNames"))), map(request.get("ExpressionAttributeValues")));
        };
        Units estimate = WriteCost.of(keys, tableKey, old, predicted, false);
        Optional<KeyThroughput.Throttle> throttle = meter.admit(estimate);
        if (throttle.isPresent()) {
            return throttled(throttle.get());
        }
        boolean wantsNew = operation.equals("UpdateItem") && (request.get("ReturnValues") == null
                || "NONE".equals(request.get("ReturnValues")));
        byte[] sent = body;
        if (wantsNew) { // the item as written, for its size and index keys; taken off the answer again
            Map<String, Object> asked = new LinkedHashMap<>(request);
            asked.put("ReturnValues", "ALL_NEW");
            sent = JSON.writeValueAsBytes(asked);
        }
        Answer answer = forward(exchange, operation, sent);
        if (answer.status() == 200) {
            Map<String, Object> written = predicted;
            if (wantsNew) {
                Map<String, Object> reply = read(answer.body());
                written = map(reply.remove("Attributes"));
                answer = new Answer(200, answer.headers(), JSON.writeValueAsBytes(reply));
            } else if (operation.equals("UpdateItem")) {
                written = current(exchange, keys.table(), itemOrKey);
            }
            meter.settle(estimate, WriteCost.of(keys, tableKey, old, written, false));
        } else if (new String(answer.body(), StandardCharsets.UTF_8).contains("ConditionalCheckFailed")) {
            meter.settle(estimate, WriteCost.of(keys, tableKey, old, predicted, true));
        } else {
            meter.settle(estimate, new Units());
        }
        return answer;
    }

    /** The item under {@code key}, read strongly consistent from the server behind (unmetered: the front's own look). */
    private Map<String, Object> current(HttpExchange exchange, String table, Map<String, Object> itemOrKey)
            throws IOException, InterruptedException {
        Map<String, Object> key = new LinkedHashMap<>();
        TableKeys keys = tables.get(table);
        key.put(keys.hashKey(), itemOrKey.get(keys.hashKey()));
        if (keys.rangeKey() != null) {
            key.put(keys.rangeKey(), itemOrKey.get(keys.rangeKey()));
        }
        Map<String, Object> get = new LinkedHashMap<>();
        get.put("TableName", table);
        get.put("Key", key);
        get.put("ConsistentRead", true);
        Answer answer = forward(exchange, "GetItem", JSON.writeValueAsBytes(get));
        return answer.status() == 200 ? map(read(answer.body()).get("Item")) : null;
    }

    // --- batches: every key is checked first; one over its limit refuses the whole call

    private Answer batch(HttpExchange exchange, String operation, Map<String, Object> request, byte[] body)
            throws IOException, InterruptedException {
        Units estimate = new Units();
        Map<String, Object> byTable = map(request.get("RequestItems"));
        if (byTable == null) {
            return forward(exchange, operation, body);
        }
        byTable.forEach((table, entry) -> {
            TableKeys keys = tables.get(table);
            if (keys == null) {
                return;
            }
            if (operation.equals("BatchGetItem")) {
                Map<String, Object> get = map(entry);
                boolean consistent = Boolean.TRUE.equals(get.get("ConsistentRead"));
                for (Object key : (List<?>) get.getOrDefault("Keys", List.of())) {
                    estimate.read(Partition.ofTable(table, TableKeys.value(map(key), keys.hashKey())),
                            ItemSize.readUnits(0, consistent));
                }
            } else {
                for (Object each : (List<?>) entry) {
                    Map<String, Object> put = map(map(each).get("PutRequest"));
                    Map<String, Object> item = put != null ? map(put.get("Item")) : map(map(map(each).get("DeleteRequest")).get("Key"));
                    estimate.write(Partition.ofTable(table, TableKeys.value(item, keys.hashKey())),
                            put != null ? ItemSize.writeUnits(ItemSize.of(item)) : 1);
                }
            }
        });
        Optional<KeyThroughput.Throttle> throttle = meter.admit(estimate);
        return throttle.isPresent() ? throttled(throttle.get()) : forward(exchange, operation, body);
    }

    // --- the wire

    private Answer throttled(KeyThroughput.Throttle throttle) throws IOException {
        Partition p = throttle.partition();
        String reason = (p.index() == null ? "Table" : "Index") + (throttle.write() ? "Write" : "Read")
                + "KeyRangeThroughputExceeded";
        String resource = arnPrefix + p.table() + (p.index() == null ? "" : "/index/" + p.index());
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("__type", "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException");
        error.put("message", "Throughput exceeds the current capacity of your table or index. DynamoDB is "
                + "automatically scaling your table or index so please try again shortly. If exceptions persist, "
                + "check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
                + "bp-partition-key-design.html.");
        error.put("ThrottlingReasons", List.of(Map.of("reason", reason, "resource", resource)));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/x-amz-json-1.0"));
        return new Answer(400, headers, JSON.writeValueAsBytes(error));
    }

    private Answer forward(HttpExchange exchange, String operation, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(60));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (NOT_FORWARDED.contains(name) || name.equals("x-amz-target") || name.equals("x-amz-crc32")) {
                continue;
            }
            header.getValue().forEach(value -> request.header(header.getKey(), value));
        }
        if (!operation.isEmpty()) {
            request.header("X-Amz-Target", TARGET + operation);
        } else if (exchange.getRequestHeaders().getFirst("X-Amz-Target") != null) {
            request.header("X-Amz-Target", exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            // the body may be rewritten: its checksum would no longer hold
            if (!NOT_FORWARDED.contains(lower) && !name.startsWith(":") && !lower.equals("x-amz-crc32")) {
                headers.put(name, values);
            }
        });
        return new Answer(response.statusCode(), headers, response.body());
    }

    private static void reply(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach((name, values) -> values.forEach(v -> exchange.getResponseHeaders().add(name, v)));
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    private static Map<String, Object> read(byte[] body) throws IOException {
        if (body.length == 0) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> map = JSON.readValue(body, Argument.mapOf(String.class, Object.class));
        return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static Map<String, String> strings(Map<String, Object> names) {
        if (names == null) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        names.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
