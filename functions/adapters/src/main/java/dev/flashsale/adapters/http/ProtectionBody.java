package dev.flashsale.adapters.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.flashsale.core.challenge.ProofOfWork;
import dev.flashsale.core.sale.ChallengeKind;
import dev.flashsale.core.sale.ChallengeMode;
import dev.flashsale.core.sale.Eligibility;
import dev.flashsale.core.sale.Protection;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The sale's anti-bot settings on the wire; absent fields take {@link Protection#DEFAULTS}. The operator's view
 * only: the public sale GET publishes none of them. {@code accountsCreatedBefore} (an instant) and
 * {@code requireVerifiedEmail}: which accounts may buy ({@link Eligibility}).
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProtectionBody(
        String challenge,
        Integer minAnswerMillis,
        Integer perIpPerSecond,
        Integer perUserPerSecond,
        Integer jitterMillis,
        String challengeKind,
        Integer proofOfWorkBits,
        String accountsCreatedBefore,
        Boolean requireVerifiedEmail) {

    public static final JsonShape SHAPE = JsonShape.object()
            .string("challenge")
            .integer("minAnswerMillis", Integer.MIN_VALUE, Integer.MAX_VALUE)
            .integer("perIpPerSecond", Integer.MIN_VALUE, Integer.MAX_VALUE)
            .integer("perUserPerSecond", Integer.MIN_VALUE, Integer.MAX_VALUE)
            .integer("jitterMillis", Integer.MIN_VALUE, Integer.MAX_VALUE)
            .string("challengeKind")
            .integer("proofOfWorkBits", Integer.MIN_VALUE, Integer.MAX_VALUE)
            .string("accountsCreatedBefore")
            .bool("requireVerifiedEmail")
            .closed();

    public static ProtectionBody of(Protection p) {
        return new ProtectionBody(p.challenge().wire(), p.minAnswerMillis(), p.perIpPerSecond(),
                p.perUserPerSecond(), p.jitterMillis(), p.challengeKind().wire(), p.proofOfWorkBits(),
                p.eligibility().accountsCreatedBefore() == null ? null
                        : p.eligibility().accountsCreatedBefore().toString(),
                p.eligibility().requireVerifiedEmail());
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (challenge != null && ChallengeMode.fromWire(challenge).isEmpty()) {
            problems.add("protection.challenge must be off, on or on-under-load");
        }
        checkRange(problems, "minAnswerMillis", minAnswerMillis, 60_000);
        checkRange(problems, "perIpPerSecond", perIpPerSecond, 1_000_000);
        checkRange(problems, "perUserPerSecond", perUserPerSecond, 1_000_000);
        checkRange(problems, "jitterMillis", jitterMillis, 60_000);
        if (challengeKind != null && ChallengeKind.fromWire(challengeKind).isEmpty()) {
            problems.add("protection.challengeKind must be question or proof-of-work");
        }
        if (proofOfWorkBits != null && (proofOfWorkBits < 1 || proofOfWorkBits > ProofOfWork.MAX_BITS)) {
            problems.add("protection.proofOfWorkBits must be 1.." + ProofOfWork.MAX_BITS);
        }
        if (accountsCreatedBefore != null && instant(accountsCreatedBefore) == null) {
            problems.add("protection.accountsCreatedBefore is not an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
        return problems;
    }

    private static void checkRange(List<String> problems, String name, Integer value, int max) {
        if (value != null && (value < 0 || value > max)) {
            problems.add("protection." + name + " must be 0.." + max);
        }
    }

    /** Call only when {@link #problems()} is empty. */
    public Protection toProtection() {
        Protection d = Protection.DEFAULTS;
        return new Protection(
                challenge == null ? d.challenge() : ChallengeMode.fromWire(challenge).orElseThrow(),
                minAnswerMillis == null ? d.minAnswerMillis() : minAnswerMillis,
                perIpPerSecond == null ? d.perIpPerSecond() : perIpPerSecond,
                perUserPerSecond == null ? d.perUserPerSecond() : perUserPerSecond,
                jitterMillis == null ? d.jitterMillis() : jitterMillis,
                challengeKind == null ? d.challengeKind() : ChallengeKind.fromWire(challengeKind).orElseThrow(),
                proofOfWorkBits == null ? d.proofOfWorkBits() : proofOfWorkBits,
                new Eligibility(accountsCreatedBefore == null ? null : instant(accountsCreatedBefore),
                        Boolean.TRUE.equals(requireVerifiedEmail)));
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
