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
 * Keeps bots out before any stock is touched: blocklist, per-IP and per-user token buckets, the challenge. A
 * wrong challenge answer (failed, too fast, reused, of the wrong kind) is a bot signal; a rate-limit hit is not
 * (it refuses, and that is all: a carrier-NAT address holds many shoppers). A user with too many signals in a
 * short window is blocked for a while; an address only once that many different users sent them from it, so
 * that no one person, alone, can get a shared address blocked. IPv6 addresses count by their /64.
 */
public final class AdmissionGuard {

    /**
     * When repeated bot signals block a subject, and for how long: a user at {@code threshold} signals in the
     * window, an address once {@code addressUsers} different users sent signals from it.
     */
    public record AutoBlock(int threshold, int addressUsers, Duration blockFor) {
        /** Users behind one address before it is blocked, by default: more than one person has accounts. */
        public static final int DEFAULT_ADDRESS_USERS = 25;

        public AutoBlock {
            if (threshold < 1 || addressUsers < 2 || blockFor == null || blockFor.isZero() || blockFor.isNegative()) {
                throw new IllegalArgumentException("threshold >= 1, addressUsers >= 2, blockFor > 0");
            }
        }

        public AutoBlock(int threshold, Duration blockFor) {
            this(threshold, DEFAULT_ADDRESS_USERS, blockFor);
        }
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
        Optional<Refused> byAddress = take("sale:" + sale.id() + ":ip:" + IpRange.subject(clientAddress),
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

    /** Whether a refusal says the caller is a bot: a wrong answer, not a rate or a missing challenge. */
    public static boolean isBotSignal(Refusal why) {
        return why == Refusal.CHALLENGE_FAILED;
    }

    /**
     * Records a bot signal against the user and the address (a refusal that is none is ignored); blocks the user
     * past the threshold, and the address once enough different users sent signals from it.
     */
    public void botSignal(String userId, String clientAddress, Refusal why, Instant now) {
        if (!isBotSignal(why) || userId == null) {
            return; // a signal without a user cannot be told apart from a shared address's other users
        }
        if (signals.record("user:" + userId, now) >= autoBlock.threshold()) {
            blocklist.addAutomatic(new BlockEntry(BlockEntry.Type.USER, userId, "auto: " + why.name(), now,
                    now.plus(autoBlock.blockFor())));
        }
        if (clientAddress == null) {
            return;
        }
        String address = IpRange.subject(clientAddress);
        // The address counts users, not signals: only this user's first signal from it in the window adds one.
        if (signals.record("ip-user:" + address + ":" + userId, now) == 1
                && signals.record("ip:" + address, now) >= autoBlock.addressUsers()) {
            blocklist.addAutomatic(new BlockEntry(BlockEntry.Type.IP, address, "auto: " + why.name(), now,
                    now.plus(autoBlock.blockFor())));
        }
    }
}
