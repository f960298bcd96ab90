package dev.flashsale.core.guard;

import dev.flashsale.core.challenge.Challenge;
import dev.flashsale.core.challenge.Challenges;
import dev.flashsale.core.challenge.ProofOfWork;
import dev.flashsale.core.decision.Admission.Refused;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.decision.RetryAfter;
import dev.flashsale.core.port.AdmissionEvents;
import dev.flashsale.core.port.SaleCatalog;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.UserIds;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Hands out challenges, to the same people the purchase route would serve: not blocked, within the rates, and not
 * before their own start (the sale's opening plus their jitter), not even a moment: a challenge fetched early is
 * read and answered before the opening, which is how a script wins the first second while a person, who asks
 * only once the Buy button works, arrives seconds later. Proof-of-work gets harder under load.
 */
public final class ChallengeDesk {

    /** Either a challenge or the reason there is none. */
    public record Issued(Challenge challenge, Refused refused) {
    }

    private final SaleCatalog sales;
    private final Challenges challenges;
    private final AdmissionGuard guard;
    private final AdmissionEvents events;
    private final Clock clock;
    private final JitterGate jitter;

    /** Extra leading zero bits of proof of work while the sale is under load: 4x the work per bit pair. */
    public static final int UNDER_LOAD_EXTRA_BITS = 2;

    public ChallengeDesk(SaleCatalog sales, Challenges challenges, AdmissionGuard guard, AdmissionEvents events,
                         Clock clock, JitterGate jitter) {
        this.jitter = jitter;
        this.sales = sales;
        this.challenges = challenges;
        this.guard = guard;
        this.events = events;
        this.clock = clock;
    }

    public Issued issue(String saleId, String userId, String clientAddress) {
        Optional<String> problem = UserIds.problem(userId);
        if (problem.isPresent()) {
            return refuse(new Refused(Refusal.INVALID_REQUEST, problem.get()), saleId, userId, clientAddress);
        }
        Optional<Sale> sale = sales.find(saleId);
        if (sale.isEmpty()) {
            return refuse(new Refused(Refusal.SALE_NOT_FOUND), saleId, userId, clientAddress);
        }
        Optional<Refused> refused = guard.blocked(userId, clientAddress);
        Instant now = clock.instant();
        guard.arrived(sale.get(), now);
        if (refused.isEmpty()) {
            refused = tooEarlyOrLate(sale.get(), userId, now);
        }
        if (refused.isEmpty()) {
            refused = guard.rateLimited(sale.get(), userId, clientAddress, now);
            refused.ifPresent(r -> guard.botSignal(userId, clientAddress, r.refusal(), now));
        }
        if (refused.isPresent()) {
            return refuse(refused.get(), saleId, userId, clientAddress);
        }
        Protection protection = sale.get().protection();
        int bits = Math.min(ProofOfWork.MAX_BITS,
                protection.proofOfWorkBits() + (guard.isUnderLoad(sale.get()) ? UNDER_LOAD_EXTRA_BITS : 0));
        return new Issued(challenges.issue(saleId, userId, now, protection.challengeKind(), bits), null);
    }

    private Optional<Refused> tooEarlyOrLate(Sale sale, String userId, Instant now) {
        if (!now.isBefore(sale.endsAt())) {
            return Optional.of(new Refused(Refusal.SALE_NOT_OPEN, "The sale ended at " + sale.endsAt() + "."));
        }
        Instant from = jitter.buyableAt(sale, userId);
        if (now.isBefore(from)) {
            return Optional.of(new Refused(Refusal.SALE_NOT_OPEN,
                    "Challenges for you are handed out from " + from + ".", RetryAfter.secondsUntil(now, from)));
        }
        return Optional.empty();
    }

    private Issued refuse(Refused refused, String saleId, String userId, String clientAddress) {
        events.refused(refused.refusal(), saleId, userId, clientAddress);
        return new Issued(null, refused);
    }
}
