package dev.flashsale.admin;

import dev.flashsale.adapters.http.ApiResponses;
import dev.flashsale.adapters.http.ClientAddresses;
import dev.flashsale.adapters.http.ReconcileReport;
import dev.flashsale.adapters.http.RequestBodies;
import dev.flashsale.adapters.http.SaleBody;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.core.guard.BlockEntry;
import dev.flashsale.core.guard.Blocklist;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.port.OrderStore;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.Refusal;
import dev.flashsale.core.reconcile.Reconciliation;
import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.core.sale.ChallengeMode;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.core.sale.SaleIds;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The operator's routes (IAM-authorised in AWS, loopback-only locally). */
@Singleton
public class AdminApi {

    static final String SALE = "/api/admin/sales/{saleId}";
    static final String REPORT = "/api/admin/sales/{saleId}/report";
    static final String STOCK_SYNC = "/api/admin/sales/{saleId}/stock-sync";
    static final String BLACKLIST = "/api/admin/blacklist";
    static final String RECONCILE = "/api/admin/reconcile";

    private final SaleAdministration administration;
    private final SaleCatalog catalog;
    private final StockLedger ledger;
    private final OrderStore orders;
    private final Blocklist blocklist;
    private final Reconciliation reconciliation;
    private final Clock clock;
    private final Protection defaultProtection;
    private final RequestBodies bodies;
    private final ApiResponses responses;

    public AdminApi(SaleAdministration administration, @Named("source") SaleCatalog catalog, StockLedger ledger,
                    OrderStore orders, Blocklist blocklist, Reconciliation reconciliation, Clock clock,
                    RequestBodies bodies, ApiResponses responses, FlashsaleSettings settings) {
        this.reconciliation = reconciliation;
        this.administration = administration;
        this.catalog = catalog;
        this.ledger = ledger;
        this.orders = orders;
        this.blocklist = blocklist;
        this.clock = clock;
        Protection d = Protection.DEFAULTS;
        this.defaultProtection = new Protection(ChallengeMode.fromWire(settings.getDefaultChallenge()).orElse(d.challenge()),
                d.minAnswerMillis(), d.perIpPerSecond(), d.perUserPerSecond(), d.jitterMillis());
        this.bodies = bodies;
        this.responses = responses;
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        String resource = String.valueOf(event.getResource());
        String method = String.valueOf(event.getHttpMethod());
        Map<String, String> path = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        if (event.getBody() != null && !event.getBody().isEmpty() && !isJson(event)) {
            // A page of any site may post text/plain without a preflight: operator routes take JSON only.
            return responses.error(Refusal.UNSUPPORTED_MEDIA_TYPE);
        }
        if (SALE.equals(resource)) {
            if ("PUT".equals(method)) {
                return putSale(path.get("saleId"), event);
            }
            return "GET".equals(method) ? getSale(path.get("saleId")) : responses.error(Refusal.METHOD_NOT_ALLOWED);
        }
        if (REPORT.equals(resource)) {
            return "GET".equals(method) ? report(path.get("saleId")) : responses.error(Refusal.METHOD_NOT_ALLOWED);
        }
        if (BLACKLIST.equals(resource)) {
            return blacklist(method, event);
        }
        if (RECONCILE.equals(resource)) {
            return "POST".equals(method) ? reconcile(event) : responses.error(Refusal.METHOD_NOT_ALLOWED);
        }
        if (STOCK_SYNC.equals(resource)) {
            return "POST".equals(method) ? stockSync(path.get("saleId")) : responses.error(Refusal.METHOD_NOT_ALLOWED);
        }
        return responses.error(Refusal.NOT_FOUND);
    }

    private static boolean isJson(APIGatewayProxyRequestEvent event) {
        String type = ClientAddresses.header(event.getHeaders(), "Content-Type");
        if (type == null) {
            return false;
        }
        String media = type.split(";", 2)[0].strip();
        return media.equalsIgnoreCase("application/json");
    }

    private APIGatewayProxyResponseEvent blacklist(String method, APIGatewayProxyRequestEvent event) {
        switch (method) {
            case "GET":
                return responses.json(200, new BlockView.Listing(blocklist.entries().stream().map(BlockView::of).toList()),
                        ApiResponses.NO_STORE);
            case "POST": {
                RequestBodies.Read<BlockBody> read = bodies.read(event, BlockBody.class, BlockBody.SHAPE);
                if (read.problem() == RequestBodies.Problem.TOO_LARGE) {
                    return responses.error(Refusal.PAYLOAD_TOO_LARGE);
                }
                if (read.problem() != null) {
                    return responses.error(Refusal.INVALID_REQUEST, read.message() != null ? read.message()
                            : Refusal.INVALID_REQUEST.defaultMessage());
                }
                Optional<String> problem = read.value().problem();
                if (problem.isPresent()) {
                    return responses.error(Refusal.INVALID_REQUEST, problem.get());
                }
                BlockEntry entry = read.value().toEntry(clock.instant());
                blocklist.add(entry);
                return responses.json(201, BlockView.of(entry), ApiResponses.NO_STORE);
            }
            case "DELETE": {
                Map<String, String> query = event.getQueryStringParameters() == null ? Map.of()
                        : event.getQueryStringParameters();
                String type = query.get("type");
                String value = query.get("value");
                Optional<String> problem = BlockBody.problem(type, value);
                if (problem.isPresent()) {
                    return responses.error(Refusal.INVALID_REQUEST, problem.get());
                }
                boolean removed = blocklist.remove(BlockEntry.Type.fromWire(type).orElseThrow(), value.strip());
                return removed
                        ? responses.json(200, new BlockView.Removal(type, value.strip(), true), ApiResponses.NO_STORE)
                        : responses.error(Refusal.NOT_FOUND, "No such blocklist entry.");
            }
            default:
                return responses.error(Refusal.METHOD_NOT_ALLOWED);
        }
    }

    /** Runs the reconciler now, over every sale or {@code ?saleId=}, and answers with its repairs and books. */
    private APIGatewayProxyResponseEvent reconcile(APIGatewayProxyRequestEvent event) {
        String saleId = event.getQueryStringParameters() == null ? null : event.getQueryStringParameters().get("saleId");
        if (saleId != null && (!SaleIds.isValid(saleId) || catalog.find(saleId).isEmpty())) {
            return responses.error(Refusal.SALE_NOT_FOUND);
        }
        Reconciliation.Report report = reconciliation.run(Optional.ofNullable(saleId));
        return responses.json(200, ReconcileReport.of(report), ApiResponses.NO_STORE);
    }

    private APIGatewayProxyResponseEvent stockSync(String saleId) {
        if (!SaleIds.isValid(saleId)) {
            return responses.error(Refusal.SALE_NOT_FOUND);
        }
        return catalog.find(saleId)
                .map(sale -> {
                    boolean rebuilt = ledger.rebuild(sale);
                    return responses.json(200, new StockSync(saleId, rebuilt, ledger.remaining(sale)),
                            ApiResponses.NO_STORE);
                })
                .orElseGet(() -> responses.error(Refusal.SALE_NOT_FOUND));
    }

    private APIGatewayProxyResponseEvent putSale(String saleId, APIGatewayProxyRequestEvent event) {
        RequestBodies.Read<SaleBody> read = bodies.read(event, SaleBody.class, SaleBody.SHAPE);
        if (read.problem() == RequestBodies.Problem.TOO_LARGE) {
            return responses.error(Refusal.PAYLOAD_TOO_LARGE);
        }
        if (read.problem() != null) {
            return responses.error(Refusal.INVALID_REQUEST, read.message() != null ? read.message()
                    : "The body must be a JSON sale definition.");
        }
        List<String> problems = read.value().problems(saleId);
        if (!problems.isEmpty()) {
            return responses.error(Refusal.INVALID_REQUEST, String.join("; ", problems));
        }
        Sale sale = read.value().draft().toSale(saleId, defaultProtection);
        boolean created = administration.put(sale);
        return responses.json(created ? 201 : 200, SaleDefinition.of(sale), ApiResponses.NO_STORE);
    }

    private APIGatewayProxyResponseEvent getSale(String saleId) {
        if (!SaleIds.isValid(saleId)) {
            return responses.error(Refusal.SALE_NOT_FOUND);
        }
        return catalog.find(saleId)
                .map(sale -> responses.json(200, SaleDefinition.of(sale), ApiResponses.NO_STORE))
                .orElseGet(() -> responses.error(Refusal.SALE_NOT_FOUND));
    }

    private APIGatewayProxyResponseEvent report(String saleId) {
        if (!SaleIds.isValid(saleId)) {
            return responses.error(Refusal.SALE_NOT_FOUND);
        }
        return catalog.find(saleId)
                .map(sale -> responses.json(200, report(sale), ApiResponses.NO_STORE))
                .orElseGet(() -> responses.error(Refusal.SALE_NOT_FOUND));
    }

    private SaleReport report(Sale sale) {
        long confirmed = 0;
        long rejected = 0;
        long paid = 0;
        long expired = 0;
        Map<String, Integer> unitsByUser = new HashMap<>();
        for (Order order : orders.listBySale(sale.id())) {
            if (order.status().holdsUnits()) {
                confirmed += order.quantity();
                unitsByUser.merge(order.userId(), order.quantity(), Integer::sum);
            }
            if (order.status() == OrderStatus.PAID) {
                paid += order.quantity();
            } else if (order.status() == OrderStatus.REJECTED) {
                rejected += order.quantity();
            } else if (order.status() == OrderStatus.EXPIRED) {
                expired += order.quantity();
            }
        }
        long duplicates = unitsByUser.values().stream().filter(units -> units > sale.perUserLimit()).count();
        return new SaleReport(sale.id(), sale.stock(), ledger.remaining(sale), confirmed, rejected,
                unitsByUser.size(), Math.max(0, confirmed - sale.stock()), duplicates, paid, expired);
    }
}
