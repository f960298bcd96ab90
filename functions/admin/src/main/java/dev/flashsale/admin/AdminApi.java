package dev.flashsale.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.adapters.http.ApiResponses;
import dev.flashsale.adapters.http.HttpError;
import dev.flashsale.adapters.http.ClientAddresses;
import dev.flashsale.adapters.http.ReconcileReport;
import dev.flashsale.adapters.http.RequestBodies;
import dev.flashsale.adapters.http.Routes;
import dev.flashsale.adapters.http.SaleBody;
import dev.flashsale.core.cache.CacheRecovery;
import dev.flashsale.core.guard.BlockEntry;
import dev.flashsale.core.guard.Blocklist;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.reconcile.Reconciliation;
import dev.flashsale.core.report.SaleReport;
import dev.flashsale.core.report.SaleReports;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.core.sale.SaleIds;
import io.micronaut.serde.annotation.SerdeImport;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The operator's routes (IAM-authorised in AWS, loopback-only locally). A sale's report is the domain's
 * {@link SaleReport} as it is: imported for JSON here, since the core knows no serialisation.
 */
@Singleton
@SerdeImport(SaleReport.class)
public class AdminApi {

    static final String SALE = "/api/admin/sales/{saleId}";
    static final String REPORT = "/api/admin/sales/{saleId}/report";
    static final String STOCK_SYNC = "/api/admin/sales/{saleId}/stock-sync";
    static final String BLOCKLIST = "/api/admin/blocklist";
    /** The blocklist's first name, kept as an alias so that existing scripts keep working. */
    static final String BLOCKLIST_ALIAS = "/api/admin/blacklist";
    static final String RECONCILE = "/api/admin/reconcile";

    private final SaleAdministration administration;
    private final Optional<CacheRecovery> cache;
    private final SaleReports reports;
    private final Blocklist blocklist;
    private final Reconciliation reconciliation;
    private final Clock clock;
    private final Protection defaultProtection;
    private final RequestBodies bodies;
    private final ApiResponses responses;
    private final Routes routes;

    public AdminApi(SaleAdministration administration, SaleReports reports, Blocklist blocklist, Reconciliation reconciliation, Clock clock,
                    RequestBodies bodies, ApiResponses responses, FlashsaleSettings settings,
                    Optional<CacheRecovery> cache) {
        this.cache = cache;
        this.reconciliation = reconciliation;
        this.administration = administration;
        this.reports = reports;
        this.blocklist = blocklist;
        this.clock = clock;
        Protection d = Protection.DEFAULTS;
        this.defaultProtection = new Protection(settings.getDefaultChallenge(), d.minAnswerMillis(),
                d.perIpPerSecond(), d.perUserPerSecond(), d.jitterMillis());
        this.bodies = bodies;
        this.responses = responses;
        this.routes = new Routes(responses)
                .on("PUT", SALE, this::putSale)
                .on("GET", SALE, event -> ofSale(event, SaleDefinition::of))
                .on("GET", REPORT, event -> ofSale(event, reports::of))
                .on("POST", STOCK_SYNC, event -> ofSale(event, this::stockSync))
                .on("POST", RECONCILE, this::reconcile);
        for (String blocklistRoute : List.of(BLOCKLIST, BLOCKLIST_ALIAS)) {
            routes.on("GET", blocklistRoute, event -> listBlocklist())
                    .on("POST", blocklistRoute, this::block)
                    .on("DELETE", blocklistRoute, this::unblock);
        }
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        if (event.getBody() != null && !event.getBody().isEmpty() && !isJson(event)) {
            // A page of any site may post text/plain without a preflight: operator routes take JSON only.
            return responses.error(HttpError.UNSUPPORTED_MEDIA_TYPE);
        }
        return routes.handle(event);
    }

    private static boolean isJson(APIGatewayProxyRequestEvent event) {
        String type = ClientAddresses.header(event.getHeaders(), "Content-Type");
        if (type == null) {
            return false;
        }
        String media = type.split(";", 2)[0].strip();
        return media.equalsIgnoreCase("application/json");
    }

    /** A route on one existing sale: 404 {@code SALE_NOT_FOUND} for an id that is malformed or unknown. */
    private APIGatewayProxyResponseEvent ofSale(APIGatewayProxyRequestEvent event, Function<Sale, Object> answer) {
        return existing(Routes.path(event, "saleId"))
                .map(sale -> responses.json(200, answer.apply(sale), ApiResponses.NO_STORE))
                .orElseGet(() -> responses.error(Refusal.SALE_NOT_FOUND));
    }

    private Optional<Sale> existing(String saleId) {
        return SaleIds.isValid(saleId) ? administration.find(saleId) : Optional.empty();
    }

    private APIGatewayProxyResponseEvent listBlocklist() {
        return responses.json(200, new BlockView.Listing(blocklist.entries().stream().map(BlockView::of).toList()),
                ApiResponses.NO_STORE);
    }

    private APIGatewayProxyResponseEvent block(APIGatewayProxyRequestEvent event) {
        RequestBodies.Read<BlockBody> read = bodies.read(event, BlockBody.class, BlockBody.SHAPE);
        if (read.problem() == RequestBodies.Problem.TOO_LARGE) {
            return responses.error(HttpError.PAYLOAD_TOO_LARGE);
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

    private APIGatewayProxyResponseEvent unblock(APIGatewayProxyRequestEvent event) {
        String type = Routes.query(event, "type");
        String value = Routes.query(event, "value");
        Optional<String> problem = BlockBody.problem(type, value);
        if (problem.isPresent()) {
            return responses.error(Refusal.INVALID_REQUEST, problem.get());
        }
        boolean removed = blocklist.remove(BlockEntry.Type.fromWire(type).orElseThrow(), value.strip());
        return removed
                ? responses.json(200, new BlockView.Removal(type, value.strip(), true), ApiResponses.NO_STORE)
                : responses.error(HttpError.NOT_FOUND, "No such blocklist entry.");
    }

    /**
     * With {@code ?saleId=}: reconciles that sale now and answers with its repairs and books. Without: 202, the
     * pass over every sale left to the scheduled reconciler (it can take longer than any synchronous route).
     */
    private APIGatewayProxyResponseEvent reconcile(APIGatewayProxyRequestEvent event) {
        String saleId = Routes.query(event, "saleId");
        if (saleId == null) {
            return responses.json(202, ReconcileScheduled.next(), ApiResponses.NO_STORE);
        }
        if (existing(saleId).isEmpty()) {
            return responses.error(Refusal.SALE_NOT_FOUND);
        }
        Reconciliation.Report report = reconciliation.run(Optional.of(saleId));
        return responses.json(200, ReconcileReport.of(report), ApiResponses.NO_STORE);
    }

    private StockSync stockSync(Sale sale) {
        boolean rebuilt = cache.isPresent() && cache.get().rebuild(sale); // no cache: nothing to rebuild
        return new StockSync(sale.id(), rebuilt, reports.of(sale).remaining());
    }

    private APIGatewayProxyResponseEvent putSale(APIGatewayProxyRequestEvent event) {
        String saleId = Routes.path(event, "saleId");
        RequestBodies.Read<SaleBody> read = bodies.read(event, SaleBody.class, SaleBody.SHAPE);
        if (read.problem() == RequestBodies.Problem.TOO_LARGE) {
            return responses.error(HttpError.PAYLOAD_TOO_LARGE);
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
        boolean created;
        try {
            created = administration.put(sale);
        } catch (SaleAdministration.SaleBusy busy) {
            return responses.error(Refusal.UNAVAILABLE, "The sale's books are being checked; try again shortly.");
        }
        return responses.json(created ? 201 : 200, SaleDefinition.of(sale), ApiResponses.NO_STORE);
    }
}
