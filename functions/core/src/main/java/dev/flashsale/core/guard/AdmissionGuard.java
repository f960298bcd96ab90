package dev.flashsale.core.guard;

import dev.flashsale.core.challenge.ChallengeAnswer;
import dev.flashsale.core.challenge.ChallengeVerdict;
import dev.flashsale.core.challenge.Challenges;
import dev.flashsale.core.decision.Admission.Refused;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.port.BotSignals;
import dev.flashsale.core.port.RateLimiter;
import dev.flashsale.core.sale.ChallengeKind;
import dev.flashsale.core.sale.ChallengeMode;
import dev.flashsale.core.sale.Sale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps bots out before any stock is touched: blocklist, per-IP and per-user token buckets, the challenge. Each
 * failed challenge, too-fast answer or rate-limit hit is a bot signal; a user or address with too many of them
 * in a short window is blocked for a while by itself.
 */
public final class AdmissionGuard {

    /** When repeated bot signals block a subject, and for how long. */
    public record AutoBlock(int threshold, Duration blockFor) {
    }

    private final Blocklist blocklist;
    private final RateLimiter rateLimiter;
    private final BotSignals signals;
    private final Challenges challenges;
    private final LoadShedder shedder;
    private final SaleLoad saleLoad;
    private final Clock clock;
    private final AutoBlock autoBlock;

    /** Judging load by this container alone (no sale-wide load): for tests of the other checks. */
    public AdmissionGuard(Blocklist blocklist, RateLimiter rateLimiter, BotSignals signals, Challenges challenges,
                          LoadShedder shedder, AutoBlock autoBlock) {
        this(blocklist, rateLimiter, signals, challenges, shedder, SaleLoad.off(), Clock.systemUTC(), autoBlock);
    }

    /** {@code saleLoad}: the sale-wide load all containers see; {@code clock} reads the time it is judged at. */
    public AdmissionGuard(Blocklist blocklist, RateLimiter rateLimiter, BotSignals signals, Challenges challenges,
                          LoadShedder shedder, SaleLoad saleLoad, Clock clock, AutoBlock autoBlock) {
        this.saleLoad = saleLoad;
        this.clock = clock;
        this.blocklist = blocklist;
        this.rateLimiter = rateLimiter;
        this.signals = signals;
        this.challenges = challenges;
        this.shedder = shedder;
        this.autoBlock = autoBlock;
    }

    public Optional<Refused> blocked(String userId, String clientAddress) {
        return blocklist.isBlocked(userId, clientAddress) ? Optional.of(new Refused(Refusal.BLOCKED)) : Optional.empty();
    }

    /** The per-IP and per-user buckets of the sale's protection (0 = no limit). */
    public Optional<Refused> rateLimited(Sale sale, String userId, String clientAddress, Instant now) {
        Optional<Refused> byAddress = take("sale:" + sale.id() + ":ip:" + clientAddress,
                sale.protection().perIpPerSecond(), now);
        if (byAddress.isPresent() || userId == null) {
            return byAddress;
        }
        return take("sale:" + sale.id() + ":user:" + userId, sale.protection().perUserPerSecond(), now);
    }

    private Optional<Refused> take(String key, int perSecond, Instant now) {
        if (perSecond <= 0) {
            return Optional.empty();
        }
        RateLimiter.Decision decision = rateLimiter.tryAcquire(key, perSecond, now);
        return decision.allowed() ? Optional.empty()
                : Optional.of(new Refused(Refusal.RATE_LIMITED, Refusal.RATE_LIMITED.defaultMessage(),
                        Math.max(1, decision.retryAfterSeconds())));
    }

    /** One request for the sale (a purchase, a challenge) arrived: counted into the sale-wide load. */
    public void arrived(Sale sale, Instant now) {
        saleLoad.arrived(sale.id(), now);
    }

    /**
     * The sale is busy: its requests over every container reached the sale-wide limit, or this container is past
     * half its own limits (a slow store). Challenges then get harder, and {@code on-under-load} asks for one.
     */
    public boolean isUnderLoad(Sale sale) {
        return shedder.isUnderLoad() || saleLoad.isUnderLoad(sale.id(), clock.instant());
    }

    public boolean challengeRequired(Sale sale) {
        ChallengeMode mode = sale.protection().challenge();
        return mode == ChallengeMode.ON || (mode == ChallengeMode.ON_UNDER_LOAD && isUnderLoad(sale));
    }

    /** {@link #challengeFailed(Sale, String, ChallengeAnswer, Instant, Instant, Instant)} from the sale's opening. */
    public Optional<Refused> challengeFailed(Sale sale, String userId, ChallengeAnswer answer, Instant answeredAt,
                                             Instant now) {
        return challengeFailed(sale, userId, answer, answeredAt, now, sale.startsAt());
    }

    /**
     * {@code answeredAt}: when the answer reached the gateway, so queueing is not counted as thinking time;
     * {@code shopperStart}: the shopper's own start, before which no thinking time counts.
     */
    public Optional<Refused> challengeFailed(Sale sale, String userId, ChallengeAnswer answer, Instant answeredAt,
                                             Instant now, Instant shopperStart) {
        if (!challengeRequired(sale)) {
            return Optional.empty();
        }
        ChallengeKind kind = sale.protection().challengeKind();
        ChallengeVerdict verdict = challenges.check(sale.id(), userId, kind, answer, now, answeredAt,
                sale.protection().minAnswerMillis(), shopperStart);
        switch (verdict) {
            case PASSED:
                return Optional.empty();
            case MISSING:
                return Optional.of(new Refused(Refusal.CHALLENGE_REQUIRED));
            case EXPIRED:
                return Optional.of(new Refused(Refusal.CHALLENGE_FAILED, "The challenge expired; ask for a new one."));
            case REUSED:
                return Optional.of(new Refused(Refusal.CHALLENGE_FAILED, "That challenge was already used."));
            case WRONG_KIND:
                return Optional.of(new Refused(Refusal.CHALLENGE_FAILED,
                        "This sale asks for a " + kind.wire() + " challenge; ask for a new one."));
            default:
                return Optional.of(new Refused(Refusal.CHALLENGE_FAILED));
        }
    }

    /** Records a bot signal against the user and the address; blocks either once past the threshold. */
    public void botSignal(String userId, String clientAddress, Refusal why, Instant now) {
        if (userId != null && signals.record("user:" + userId, now) >= autoBlock.threshold()) {
            blocklist.add(new BlockEntry(BlockEntry.Type.USER, userId, "auto: " + why.name(), now,
                    now.plus(autoBlock.blockFor())));
        }
        if (clientAddress != null && signals.record("ip:" + clientAddress, now) >= autoBlock.threshold()) {
            blocklist.add(new BlockEntry(BlockEntry.Type.IP, clientAddress, "auto: " + why.name(), now,
                    now.plus(autoBlock.blockFor())));
        }
    }
}
