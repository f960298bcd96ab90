package dev.flashsale.adapters.dynamodb;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.sale.ChallengeKind;
import dev.flashsale.core.sale.ChallengeMode;
import dev.flashsale.core.sale.Eligibility;
import dev.flashsale.core.sale.Product;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.flashsale.adapters.dynamodb.Items.integer;
import static dev.flashsale.adapters.dynamodb.Items.n;
import static dev.flashsale.adapters.dynamodb.Items.s;
import static dev.flashsale.adapters.dynamodb.Items.string;

/** Sale definitions, one item per sale keyed by {@code saleId}. */
@Singleton
@Named("source")
public class DynamoSaleCatalog implements SaleCatalog {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSaleCatalog(DynamoDbClient dynamo, FlashsaleSettings settings) {
        this.dynamo = dynamo;
        this.table = settings.getSalesTable();
    }

    @Override
    public Optional<Sale> find(String saleId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("saleId", s(saleId)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toSale(item));
    }

    @Override
    public boolean save(Sale sale) {
        Map<String, AttributeValue> old = dynamo.putItem(b -> b.tableName(table)
                .item(toItem(sale))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    @Override
    public List<Sale> list() {
        List<Sale> sales = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                .forEach(item -> sales.add(toSale(item)));
        return sales;
    }

    private static Map<String, AttributeValue> toItem(Sale sale) {
        Protection p = sale.protection();
        Map<String, AttributeValue> protection = new HashMap<>(Map.of(
                "challenge", s(p.challenge().wire()),
                "minAnswerMillis", n(p.minAnswerMillis()),
                "perIpPerSecond", n(p.perIpPerSecond()),
                "perUserPerSecond", n(p.perUserPerSecond()),
                "jitterMillis", n(p.jitterMillis()),
                "challengeKind", s(p.challengeKind().wire()),
                "proofOfWorkBits", n(p.proofOfWorkBits())));
        if (p.eligibility().accountsCreatedBefore() != null) {
            protection.put("accountsCreatedBefore", s(p.eligibility().accountsCreatedBefore().toString()));
        }
        if (p.eligibility().requireVerifiedEmail()) {
            protection.put("requireVerifiedEmail", AttributeValue.fromBool(true));
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("saleId", s(sale.id()));
        item.put("name", s(sale.name()));
        item.put("stock", n(sale.stock()));
        item.put("startsAt", s(sale.startsAt().toString()));
        item.put("endsAt", s(sale.endsAt().toString()));
        item.put("perUserLimit", n(sale.perUserLimit()));
        item.put("shards", n(sale.shards()));
        item.put("protection", AttributeValue.fromM(protection));
        item.put("product", AttributeValue.fromM(Map.of(
                "description", s(sale.product().description()),
                "priceCents", n(sale.product().priceCents()),
                "currency", s(sale.product().currency()))));
        if (sale.paymentMinutes() > 0) {
            item.put("paymentMinutes", n(sale.paymentMinutes()));
        }
        return item;
    }

    private static Sale toSale(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> p = item.containsKey("protection") ? item.get("protection").m() : Map.of();
        Protection defaults = Protection.DEFAULTS;
        Protection protection = new Protection(
                ChallengeMode.fromWire(string(p, "challenge")).orElse(defaults.challenge()),
                integer(p, "minAnswerMillis", defaults.minAnswerMillis()),
                integer(p, "perIpPerSecond", defaults.perIpPerSecond()),
                integer(p, "perUserPerSecond", defaults.perUserPerSecond()),
                integer(p, "jitterMillis", defaults.jitterMillis()),
                ChallengeKind.fromWire(string(p, "challengeKind")).orElse(defaults.challengeKind()),
                integer(p, "proofOfWorkBits", defaults.proofOfWorkBits()),
                new Eligibility(p.containsKey("accountsCreatedBefore")
                        ? Instant.parse(string(p, "accountsCreatedBefore")) : null,
                        p.containsKey("requireVerifiedEmail") && Boolean.TRUE.equals(p.get("requireVerifiedEmail").bool())));
        Map<String, AttributeValue> productItem = item.containsKey("product") ? item.get("product").m() : Map.of();
        Product product = productItem.isEmpty() ? Product.NONE : new Product(string(productItem, "description"),
                Items.number(productItem, "priceCents"), string(productItem, "currency"));
        return new Sale(string(item, "saleId"), string(item, "name"), integer(item, "stock", 0),
                Instant.parse(string(item, "startsAt")), Instant.parse(string(item, "endsAt")),
                integer(item, "perUserLimit", 1), integer(item, "shards", 1), protection, product,
                integer(item, "paymentMinutes", 0));
    }
}
