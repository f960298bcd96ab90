package dev.flashsale.admission;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.flashsale.adapters.http.ApiResponses;
import dev.flashsale.adapters.http.ClientAddresses;
import dev.flashsale.adapters.http.HttpError;
import dev.flashsale.adapters.http.OriginCheck;
import dev.flashsale.adapters.http.PurchaseBody;
import dev.flashsale.adapters.http.RequestBodies;
import dev.flashsale.adapters.http.Routes;
import dev.flashsale.adapters.http.ShopperIdentity;
import dev.flashsale.core.decision.Admission;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.guard.AdmissionGuard;
import dev.flashsale.core.guard.ChallengeDesk;
import dev.flashsale.core.guard.JitterGate;
import dev.flashsale.core.order.OrderLookup;
import dev.flashsale.core.payment.OrderPayment;
import dev.flashsale.core.payment.PaymentOutcome;
import dev.flashsale.core.purchase.PurchaseAdmission;
import dev.flashsale.core.purchase.PurchaseRequest;
import dev.flashsale.core.sale.SaleQuery;
import dev.flashsale.core.sale.UserIds;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.function.Function;

/** The shopper's routes, mapped from API Gateway proxy events to the domain and back. */
@Singleton
public class PublicApi {

    static final String SALE = "/api/sales/{saleId}";
    /** The signed-in shopper's own start: a route of its own, so that the sale's GET is the same for everyone. */
    static final String MY_START = "/api/sales/{saleId}/me";
    static final String CHALLENGE = "/api/sales/{saleId}/challenge";
    static final String PURCHASES = "/api/sales/{saleId}/purchases";
    static final String ORDER = "/api/orders/{orderId}";
    static final String PAYMENT = "/api/orders/{orderId}/payment";
    /** The edge may serve a sale for one second: the refresh storm hits CloudFront, not the function. */
    static final String SALE_CACHE_CONTROL = "public, max-age=1";
    /** An unknown sale id for a few seconds at the edge: a flood repeating ids is answered there, not here. */
    static final String UNKNOWN_SALE_CACHE_CONTROL = "public, max-age=5";

    private final SaleQuery saleQuery;
    private final PurchaseAdmission admission;
    private final ChallengeDesk challenges;
    private final OrderLookup orders;
    private final AdmissionGuard guard;
    private final JitterGate jitter;
    private final RequestBodies bodies;
    private final ApiResponses responses;
    private final ClientAddresses clients;
    private final OriginCheck origin;
    private final OrderPayment payment;
    private final ShopperIdentity shoppers;
    private final Routes routes;

    public PublicApi(SaleQuery saleQuery, PurchaseAdmission admission, ChallengeDesk challenges, OrderLookup orders,
                     AdmissionGuard guard, JitterGate jitter, RequestBodies bodies, ApiResponses responses,
                     ClientAddresses clients, OriginCheck origin, OrderPayment payment, ShopperIdentity shoppers) {
        this.origin = origin;
        this.payment = payment;
        this.shoppers = shoppers;
        this.saleQuery = saleQuery;
        this.admission = admission;
        this.challenges = challenges;
        this.orders = orders;
        this.guard = guard;
        this.jitter = jitter;
        this.bodies = bodies;
        this.responses = responses;
        this.clients = clients;
        this.routes = new Routes(responses)
                .on("GET", SALE, event -> sale(Routes.path(event, "saleId")))
                .on("GET", MY_START, event -> signedIn(event, shopper -> myStart(Routes.path(event, "saleId"),
                        shopper)))
                .on("GET", CHALLENGE, event -> signedIn(event, shopper -> challenge(Routes.path(event, "saleId"),
                        shopper, Routes.query(event, "userId"), event)))
                .on("POST", PURCHASES, event -> signedIn(event, shopper -> purchase(Routes.path(event, "saleId"),
                        shopper, event)))
                .on("GET", ORDER, event -> signedIn(event, shopper -> order(Routes.path(event, "orderId"), shopper)))
                .on("POST", PAYMENT, event -> signedIn(event, shopper -> pay(Routes.path(event, "orderId"), shopper,
                        event)));
    }

    public APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event) {
        var direct = origin.refusal(event);
        if (direct.isPresent()) {
            return direct.get();
        }
        return routes.handle(event);
    }

    /** The same answer whoever asks (a {@code userId} in the query is ignored): one cache entry at the edge. */
    private APIGatewayProxyResponseEvent sale(String saleId) {
        return saleQuery.view(saleId)
                .map(view -> responses.json(200, SaleResponse.of(view, guard.challengeRequired(view.sale())),
                        SALE_CACHE_CONTROL))
                .orElseGet(() -> responses.cacheableError(Refusal.SALE_NOT_FOUND, UNKNOWN_SALE_CACHE_CONTROL));
    }

    /** The verified shopper's own start, to them only: no-store, as it differs per shopper. */
    private APIGatewayProxyResponseEvent myStart(String saleId, String shopper) {
        if (!UserIds.isValid(shopper)) {
            return responses.error(HttpError.UNAUTHORIZED);
        }
        return saleQuery.view(saleId)
                .map(view -> responses.json(200, MyStartResponse.of(saleId, jitter.waitMillis(view.sale(), shopper),
                        jitter.buyableAt(view.sale(), shopper), view.serverTime()), ApiResponses.NO_STORE))
                .orElseGet(() -> responses.error(Refusal.SALE_NOT_FOUND));
    }

    /** Shopper routes run for the verified shopper only; 401 without one (the authorizer's answer, kept here too). */
    private APIGatewayProxyResponseEvent signedIn(APIGatewayProxyRequestEvent event,
                                                  Function<String, APIGatewayProxyResponseEvent> route) {
        return shoppers.of(event).map(route).orElseGet(() -> responses.error(HttpError.UNAUTHORIZED));
    }

    private APIGatewayProxyResponseEvent notTheShopper(String field) {
        return responses.error(Refusal.FORBIDDEN,
                field + " is not the signed-in shopper; leave it out, the token says who is buying.");
    }

    private APIGatewayProxyResponseEvent challenge(String saleId, String shopper, String userId,
                                                   APIGatewayProxyRequestEvent event) {
        if (userId != null && !userId.equals(shopper)) {
            return notTheShopper("userId");
        }
        ChallengeDesk.Issued issued = challenges.issue(saleId, shopper, clients.of(event));
        if (issued.refused() != null) {
            return responses.refused(issued.refused());
        }
        return responses.json(200, ChallengeResponse.of(issued.challenge()), ApiResponses.NO_STORE);
    }

    private APIGatewayProxyResponseEvent purchase(String saleId, String shopper, APIGatewayProxyRequestEvent event) {
        RequestBodies.Read<PurchaseBody> read = bodies.read(event, PurchaseBody.class, PurchaseBody.SHAPE);
        if (read.problem() == RequestBodies.Problem.TOO_LARGE) {
            return responses.error(HttpError.PAYLOAD_TOO_LARGE);
        }
        if (read.problem() != null) {
            return responses.error(Refusal.INVALID_REQUEST, read.message() != null ? read.message()
                    : "The body must be JSON: {\"quantity\": 1, \"challenge\": {...}}.");
        }
        PurchaseBody body = read.value();
        if (body.userId() != null && !body.userId().equals(shopper)) {
            return notTheShopper("userId");
        }
        PurchaseRequest request = new PurchaseRequest(shopper, body.quantity(),
                body.challenge() == null ? null : body.challenge().toAnswer(), clients.of(event), arrivedAt(event),
                body.requestId(), shoppers.account(event));
        Admission result = admission.purchase(saleId, request);
        if (result instanceof Admission.Admitted admitted) {
            return responses.json(202, new PurchaseAccepted(admitted.orderId(), "PENDING"), ApiResponses.NO_STORE);
        }
        return responses.refused((Admission.Refused) result);
    }

    /** API Gateway's own receipt time of the request ({@code requestContext.requestTimeEpoch}). */
    private static Instant arrivedAt(APIGatewayProxyRequestEvent event) {
        if (event.getRequestContext() == null || event.getRequestContext().getRequestTimeEpoch() == null) {
            return null;
        }
        return Instant.ofEpochMilli(event.getRequestContext().getRequestTimeEpoch());
    }

    private APIGatewayProxyResponseEvent pay(String orderId, String shopper, APIGatewayProxyRequestEvent event) {
        RequestBodies.Read<PaymentBody> read = bodies.read(event, PaymentBody.class, PaymentBody.SHAPE);
        if (read.problem() == RequestBodies.Problem.TOO_LARGE) {
            return responses.error(HttpError.PAYLOAD_TOO_LARGE);
        }
        if (read.problem() != null || !read.value().isValid()) {
            return responses.error(Refusal.INVALID_REQUEST, read.message() != null ? read.message()
                    : "The body must be JSON: {\"method\": \"1..64 characters (test-approve, test-decline, test-stall)\"}.");
        }
        PaymentOutcome outcome = payment.pay(orderId, shopper, read.value().method());
        if (outcome instanceof PaymentOutcome.NotYours) {
            return responses.error(Refusal.FORBIDDEN, "That order belongs to another shopper.");
        }
        if (outcome instanceof PaymentOutcome.Paid paid) {
            return responses.json(200, OrderResponse.of(paid.order()), ApiResponses.NO_STORE);
        }
        if (outcome instanceof PaymentOutcome.Declined declined) {
            return responses.error(Refusal.PAYMENT_DECLINED, declined.reason() + " Nothing was charged.");
        }
        if (outcome instanceof PaymentOutcome.Pending) {
            return responses.refused(new Admission.Refused(Refusal.PAYMENT_PENDING,
                    Refusal.PAYMENT_PENDING.defaultMessage(), 2));
        }
        if (outcome instanceof PaymentOutcome.NotPayable notPayable) {
            return responses.error(Refusal.ORDER_NOT_PAYABLE, notPayable.message());
        }
        if (outcome instanceof PaymentOutcome.Expired) {
            return responses.error(Refusal.ORDER_EXPIRED);
        }
        return responses.error(Refusal.ORDER_NOT_FOUND);
    }

    private APIGatewayProxyResponseEvent order(String orderId, String shopper) {
        return orders.find(orderId)
                .map(order -> order.userId().equals(shopper)
                        ? responses.json(200, OrderResponse.of(order), ApiResponses.NO_STORE)
                        : responses.error(Refusal.FORBIDDEN, "That order belongs to another shopper."))
                .orElseGet(() -> responses.error(Refusal.ORDER_NOT_FOUND));
    }
}
