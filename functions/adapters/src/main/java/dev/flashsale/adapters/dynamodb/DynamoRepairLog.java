package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.adapters.observability.JsonLines;
import dev.flashsale.core.port.RepairLog;
import dev.flashsale.core.reconcile.Repair;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.flashsale.adapters.dynamodb.Items.n;
import static dev.flashsale.adapters.dynamodb.Items.s;

/**
 * Each repair of the reconciler as an audit record in the stock table ({@code REPAIR#<sale>#<time>#<id>}: what,
 * why, when, order, units; a few hundred bytes, kept 90 days), a JSON log line, and an EMF metric
 * ({@code Repairs}, by kind).
 */
@Singleton
public class DynamoRepairLog implements RepairLog {

    private static final Duration KEEP = Duration.ofDays(90);

    private final DynamoDbClient dynamo;
    private final String table;
    private final JsonLines lines;

    public DynamoRepairLog(DynamoDbClient dynamo, FlashsaleSettings settings, JsonLines lines) {
        this.dynamo = dynamo;
        this.table = settings.getStockTable();
        this.lines = lines;
    }

    @Override
    public void record(Repair repair) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("REPAIR#" + repair.saleId() + "#" + repair.at() + "#" + UUID.randomUUID()));
        item.put("what", s(repair.what().name()));
        item.put("saleId", s(repair.saleId()));
        if (repair.orderId() != null) {
            item.put("orderId", s(repair.orderId()));
        }
        item.put("units", n(repair.units()));
        item.put("why", s(repair.why()));
        item.put("at", s(repair.at().toString()));
        item.put("expiresAt", n(repair.at().plus(KEEP).getEpochSecond()));
        dynamo.putItem(b -> b.tableName(table).item(item));

        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", JsonLines.metricsBlock(List.of("Service", "Repair"), List.of("Repairs")));
        line.put("time", repair.at().toString());
        line.put("level", "WARN");
        line.put("event", "ledger-repaired");
        line.put("Service", "reconciler");
        line.put("Repair", repair.what().name());
        line.put("Repairs", 1);
        line.put("sale", repair.saleId());
        line.put("orderId", repair.orderId());
        line.put("units", repair.units());
        line.put("why", repair.why());
        lines.write(line);
    }
}
