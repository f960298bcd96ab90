package dev.flashsale.core.challenge;

import dev.flashsale.core.guard.AdmissionGuard;
import dev.flashsale.core.port.AdmissionEvents;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.purchase.Admission.Refused;
import dev.flashsale.core.purchase.PurchaseRequest;
import dev.flashsale.core.purchase.Refusal;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Hands out challenges, to the same people the purchase route would serve: not blocked, within the rates. */
public final class ChallengeDesk {

    /** Either a challenge or the reason there is none. */
    public record Issued(Challenge challenge, Refused refused) {
    }

    private final SaleCatalog sales;
    private final Challenges challenges;
    private final AdmissionGuard guard;
    private final AdmissionEvents events;
    private final Clock clock;

    public ChallengeDesk(SaleCatalog sales, Challenges challenges, AdmissionGuard guard, AdmissionEvents events,
                         Clock clock) {
        this.sales = sales;
        this.challenges = challenges;
        this.guard = guard;
        this.events = events;
        this.clock = clock;
    }

    public Issued issue(String saleId, String userId, String clientAddress) {
        Optional<String> problem = new PurchaseRequest(userId, 1).problem();
        if (problem.isPresent()) {
            return refuse(new Refused(Refusal.INVALID_REQUEST, problem.get()), saleId, userId, clientAddress);
        }
        Optional<Sale> sale = sales.find(saleId);
        if (sale.isEmpty()) {
            return refuse(new Refused(Refusal.SALE_NOT_FOUND), saleId, userId, clientAddress);
        }
        Optional<Refused> refused = guard.blocked(userId, clientAddress);
        Instant now = clock.instant();
        if (refused.isEmpty()) {
            refused = guard.rateLimited(sale.get(), userId, clientAddress, now);
            refused.ifPresent(r -> guard.botSignal(userId, clientAddress, r.refusal().name(), now));
        }
        if (refused.isPresent()) {
            return refuse(refused.get(), saleId, userId, clientAddress);
        }
        return new Issued(challenges.issue(saleId, userId, now), null);
    }

    private Issued refuse(Refused refused, String saleId, String userId, String clientAddress) {
        events.refused(refused.refusal(), saleId, userId, clientAddress);
        return new Issued(null, refused);
    }
}
