package dev.flashsale.local.bench;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Sale;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the stores can do alone, through the functions' own clients (from an admission container's context), with
 * no HTTP and no function in front: the stock primitive (the Lua reservation on Redis; one conditional update on
 * DynamoDB) and the queue's batched send.
 */
final class ComponentLimits {

    record Result(String primitive, Concurrently.Result stock, Concurrently.Result queue) {
    }

    static final int THREADS = 16;
    private static final int SHARDS = 8;

    private ComponentLimits() {
    }

    static Result run(InProcessFunction admission, String backend, String saleId, String queueUrl, Duration duration)
            throws InterruptedException {
        FlashsaleSettings settings = admission.bean(FlashsaleSettings.class);
        Concurrently.Result stock;
        String primitive;
        if (backend.equals("redis")) {
            StockLedger ledger = admission.bean(StockLedger.class);
            Sale sale = admission.bean(SaleCatalog.class).find(saleId).orElseThrow();
            primitive = "Lua reservation (EVALSHA, lettuce)";
            stock = Concurrently.run(THREADS, duration, n -> {
                ReservationOutcome outcome = ledger.reserve(sale, "component-" + n, 1, "component-order-" + n,
                        Instant.now());
                return outcome instanceof ReservationOutcome.Reserved ? 1 : 0;
            });
        } else {
            DynamoDbClient dynamo = admission.bean(DynamoDbClient.class);
            String table = settings.getStockTable();
            for (int shard = 0; shard < SHARDS; shard++) {
                String pk = "BENCH#" + saleId + "#SHARD#" + shard;
                dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk),
                        "stock", AttributeValue.fromN("1000000000"))));
            }
            primitive = "conditional UpdateItem (stock >= 1)";
            stock = Concurrently.run(THREADS, duration, n -> {
                String pk = "BENCH#" + saleId + "#SHARD#" + (n % SHARDS);
                dynamo.updateItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk)))
                        .updateExpression("SET stock = stock - :one")
                        .conditionExpression("stock >= :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
                return 1;
            });
        }
        SqsClient sqs = admission.bean(SqsClient.class);
        String body = "{\"orderId\":\"component\",\"saleId\":\"" + saleId + "\",\"userId\":\"u\",\"quantity\":1}";
        Concurrently.Result queue = Concurrently.run(THREADS, duration, n -> {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(body).build());
            }
            return 10 - sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)).failed().size();
        });
        return new Result(primitive, stock, queue);
    }
}
