package dev.flashsale.core.challenge;

import dev.flashsale.core.fakes.InMemoryChallengeLedger;
import dev.flashsale.core.hash.KeyedHash;
import dev.flashsale.core.sale.ChallengeKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProofOfWorkTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-test".getBytes(StandardCharsets.UTF_8);
    private final Instant issuedAt = Instant.parse("2026-11-26T10:00:00Z");
    private final InMemoryChallengeLedger ledger = new InMemoryChallengeLedger();
    private final Challenges challenges = new Challenges(new KeyedHash(SECRET), ledger, new Random(7));

    private ChallengeVerdict answer(Challenge challenge, String token, String user, String nonce) {
        Instant at = issuedAt.plusMillis(50); // work needs no thinking time: fast answers are fine
        return challenges.check("s1", user, ChallengeKind.PROOF_OF_WORK,
                new ChallengeAnswer(challenge.challengeId(), nonce, token), at, at, 1000);
    }

    @Test
    void leadingZeroBits_shouldCountAcrossBytes() {
        assertEquals(8 + 3, ProofOfWork.leadingZeroBits(new byte[] {0, 0x10, 1}));
        assertEquals(0, ProofOfWork.leadingZeroBits(new byte[] {(byte) 0x80}));
        assertEquals(16, ProofOfWork.leadingZeroBits(new byte[] {0, 0}));
    }

    @Test
    void check_shouldPass_whenTheNonceHasTheDifficultysZeroBits() {
        Challenge challenge = challenges.issue("s1", "u1", issuedAt, ChallengeKind.PROOF_OF_WORK, 12);

        assertEquals(ChallengeKind.PROOF_OF_WORK, challenge.kind());
        assertNull(challenge.question());
        assertEquals(12, challenge.difficulty());
        String nonce = ProofOfWork.solve(challenge.challengeId(), 12);
        assertEquals(ChallengeVerdict.PASSED, answer(challenge, challenge.token(), "u1", nonce));
        assertEquals(ChallengeVerdict.REUSED, answer(challenge, challenge.token(), "u1", nonce), "one purchase per work");
    }

    @Test
    void check_shouldFail_whenTheWorkIsMissingOrForAnotherChallengeOrUser() {
        Challenge challenge = challenges.issue("s1", "u1", issuedAt, ChallengeKind.PROOF_OF_WORK, 12);
        String other = challenges.issue("s1", "u1", issuedAt, ChallengeKind.PROOF_OF_WORK, 12).challengeId();
        String nonce = ProofOfWork.solve(challenge.challengeId(), 12);
        String unsolved = nonce.equals("0") ? "1" : "0";

        assertEquals(ChallengeVerdict.WRONG, answer(challenge, challenge.token(), "u1",
                ProofOfWork.isSolved(challenge.challengeId(), unsolved, 12) ? "x" : unsolved));
        assertEquals(ChallengeVerdict.WRONG, answer(challenge, challenge.token(), "u1",
                ProofOfWork.solve(other, 12).equals(nonce) ? "x" : ProofOfWork.solve(other, 12)));
        assertEquals(ChallengeVerdict.WRONG, answer(challenge, challenge.token(), "u2", nonce), "bound to the user");
    }

    @Test
    void check_shouldFail_whenTheTokenClaimsALowerDifficulty() {
        Challenge challenge = challenges.issue("s1", "u1", issuedAt, ChallengeKind.PROOF_OF_WORK, 20);
        String lowered = challenge.token().replace("." + 20 + ".", "." + 1 + ".");
        String cheap = ProofOfWork.solve(challenge.challengeId(), 1);

        assertTrue(lowered.contains(".1."));
        assertEquals(ChallengeVerdict.WRONG, answer(challenge, lowered, "u1", cheap));
        assertFalse(ledger.isUsed(challenge.challengeId()), "a refused answer consumes nothing");
    }
}
