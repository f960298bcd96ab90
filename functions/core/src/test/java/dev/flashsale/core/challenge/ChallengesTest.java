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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChallengesTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-test".getBytes(StandardCharsets.UTF_8);
    private final Instant issuedAt = Instant.parse("2026-11-26T10:00:00Z");
    private final Challenges challenges =
            new Challenges(new KeyedHash(SECRET), new InMemoryChallengeLedger(), new Random(7));

    private static String answerTo(String question) {
        String[] parts = question.replace("What is ", "").replace("?", "").split(" \\+ ");
        return Integer.toString(Integer.parseInt(parts[0]) + Integer.parseInt(parts[1]));
    }

    private ChallengeVerdict answer(Challenge challenge, String sale, String user, String answer, long afterMillis) {
        Instant at = issuedAt.plusMillis(afterMillis);
        return challenges.check(sale, user, ChallengeKind.QUESTION,
                new ChallengeAnswer(challenge.challengeId(), answer, challenge.token()), at, at, 1000);
    }

    @Test
    void check_shouldPass_whenTheRightAnswerComesAtAHumanPace() {
        Challenge challenge = challenges.issue("s1", "u1", issuedAt);

        assertEquals(ChallengeVerdict.PASSED, answer(challenge, "s1", "u1", answerTo(challenge.question()), 3000));
        assertFalse(challenge.token().contains(answerTo(challenge.question()) + "."), "the answer is not in the token");
    }

    @Test
    void check_shouldFail_whenTheAnswerIsWrong() {
        Challenge challenge = challenges.issue("s1", "u1", issuedAt);

        assertEquals(ChallengeVerdict.WRONG, answer(challenge, "s1", "u1", "1", 3000));
    }

    @Test
    void check_shouldFail_whenTheTokenBelongsToAnotherUserOrSale() {
        Challenge challenge = challenges.issue("s1", "u1", issuedAt);
        String right = answerTo(challenge.question());

        assertEquals(ChallengeVerdict.WRONG, answer(challenge, "s1", "u2", right, 3000));
        assertEquals(ChallengeVerdict.WRONG, answer(challenge, "s2", "u1", right, 3000));
    }

    @Test
    void check_shouldFail_whenTheTokenIsForgedOrItsTimeAltered() {
        Challenge challenge = challenges.issue("s1", "u1", issuedAt);
        String right = answerTo(challenge.question());
        String[] parts = challenge.token().split("\\.");
        String earlier = parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) - 60_000) + "." + parts[3];
        String forged = parts[0] + "." + parts[1] + "." + parts[2] + ".AAAA" + parts[3].substring(4);

        assertEquals(ChallengeVerdict.WRONG, challenges.check("s1", "u1", ChallengeKind.QUESTION,
                new ChallengeAnswer(challenge.challengeId(), right, earlier), issuedAt, issuedAt, 1000));
        assertEquals(ChallengeVerdict.WRONG, challenges.check("s1", "u1", ChallengeKind.QUESTION,
                new ChallengeAnswer(challenge.challengeId(), right, forged), issuedAt.plusSeconds(3),
                issuedAt.plusSeconds(3), 1000));
        assertEquals(ChallengeVerdict.WRONG, challenges.check("s1", "u1", ChallengeKind.QUESTION,
                new ChallengeAnswer("other-id", right, challenge.token()), issuedAt.plusSeconds(3),
                issuedAt.plusSeconds(3), 1000));
    }

    @Test
    void check_shouldFail_whenAProofOfWorkTokenIsRelabelledAsAQuestion() {
        // given p1.<id>.<t>.<bits>.<mac> rewritten as v1.<id>.<t>.<mac>, "answered" with the MAC'd text
        Challenge work = challenges.issue("s1", "u1", issuedAt, ChallengeKind.PROOF_OF_WORK, 20);
        String[] parts = work.token().split("\\.");
        ChallengeAnswer relabelled = new ChallengeAnswer(work.challengeId(), "proof-of-work:20",
                "v1." + parts[1] + "." + parts[2] + "." + parts[4]);
        Instant late = issuedAt.plusSeconds(5);

        // when it is checked by a question sale (the MAC binds the kind) or a proof-of-work sale (the kind differs)
        ChallengeVerdict asQuestion = challenges.check("s1", "u1", ChallengeKind.QUESTION, relabelled, late, late,
                1000);
        ChallengeVerdict asWork = challenges.check("s1", "u1", ChallengeKind.PROOF_OF_WORK, relabelled, late, late,
                1000);

        // then neither passes
        assertEquals(ChallengeVerdict.WRONG, asQuestion);
        assertEquals(ChallengeVerdict.WRONG_KIND, asWork);
    }

    @Test
    void check_shouldFail_whenAQuestionTokenIsRelabelledAsProofOfWork() {
        // given v1.<id>.<t>.<mac> rewritten as p1.<id>.<t>.1.<mac>: the MAC was over the answer, not a difficulty
        Challenge question = challenges.issue("s1", "u1", issuedAt);
        String[] parts = question.token().split("\\.");
        String relabelled = "p1." + parts[1] + "." + parts[2] + ".1." + parts[3];
        String nonce = ProofOfWork.solve(question.challengeId(), 1);
        Instant late = issuedAt.plusSeconds(5);

        // when / then
        assertEquals(ChallengeVerdict.WRONG, challenges.check("s1", "u1", ChallengeKind.PROOF_OF_WORK,
                new ChallengeAnswer(question.challengeId(), nonce, relabelled), late, late, 1000));
    }

    @Test
    void check_shouldFail_whenAnsweredFasterThanAPerson() {
        Challenge challenge = challenges.issue("s1", "u1", issuedAt);

        assertEquals(ChallengeVerdict.TOO_FAST, answer(challenge, "s1", "u1", answerTo(challenge.question()), 400));
    }

    @Test
    void check_shouldAskEachChallengeForItsOwnMinimum_betweenTheSaleMinimumAndHalfAgainAsLong() {
        // Issue 21, finding 2: a script that answers a fixed time after the issue must not know it is enough.
        int passedHalfWay = 0;
        int challengesAsked = 200;
        for (int i = 0; i < challengesAsked; i++) {
            Challenge challenge = challenges.issue("s1", "u" + i, issuedAt);
            Challenge another = challenges.issue("s1", "u" + i, issuedAt); // a pass consumes its token
            String right = answerTo(challenge.question());

            assertEquals(ChallengeVerdict.TOO_FAST, answer(challenge, "s1", "u" + i, right, 999), "below the minimum");
            assertEquals(ChallengeVerdict.PASSED, answer(challenge, "s1", "u" + i, right,
                    Challenges.longestMinimumMillis(1000)), "at the longest minimum every challenge passes");
            if (answer(another, "s1", "u" + i, answerTo(another.question()), 1250) == ChallengeVerdict.PASSED) {
                passedHalfWay++;
            }
        }

        assertEquals(1500, Challenges.longestMinimumMillis(1000));
        assertTrue(passedHalfWay > challengesAsked / 5 && passedHalfWay < challengesAsked * 4 / 5,
                "half way to the longest minimum, some challenges pass and some do not: " + passedHalfWay);
    }

    @Test
    void check_shouldCountTheMinimumFromTheShoppersStart_whenTheChallengeWasIssuedBeforeIt() {
        // given a challenge issued 10 s before the shopper's own start (the sale's start moved later)
        Challenge challenge = challenges.issue("s1", "u1", issuedAt);
        Challenge other = challenges.issue("s1", "u1", issuedAt);
        Instant start = issuedAt.plusSeconds(10);
        Instant rushed = start.plusMillis(200);
        Instant patient = start.plusMillis(Challenges.longestMinimumMillis(1000));

        // when answered 200 ms after that start, and after the longest minimum
        ChallengeVerdict early = challenges.check("s1", "u1", ChallengeKind.QUESTION,
                new ChallengeAnswer(challenge.challengeId(), answerTo(challenge.question()), challenge.token()),
                rushed, rushed, 1000, start);
        ChallengeVerdict late = challenges.check("s1", "u1", ChallengeKind.QUESTION,
                new ChallengeAnswer(other.challengeId(), answerTo(other.question()), other.token()),
                patient, patient, 1000, start);

        // then the ten seconds before the start count for nothing
        assertEquals(ChallengeVerdict.TOO_FAST, early);
        assertEquals(ChallengeVerdict.PASSED, late);
    }

    @Test
    void check_shouldFail_whenTheChallengeExpired() {
        Challenge challenge = challenges.issue("s1", "u1", issuedAt);

        assertEquals(ChallengeVerdict.EXPIRED, answer(challenge, "s1", "u1", answerTo(challenge.question()),
                Challenges.LIFETIME.toMillis()));
    }

    @Test
    void check_shouldPassOnce_whenTheSameTokenIsUsedAgain() {
        Challenge challenge = challenges.issue("s1", "u1", issuedAt);
        String right = answerTo(challenge.question());

        assertEquals(ChallengeVerdict.PASSED, answer(challenge, "s1", "u1", right, 2000));
        assertEquals(ChallengeVerdict.REUSED, answer(challenge, "s1", "u1", right, 2500));
    }

    @Test
    void check_shouldSayMissing_whenNoAnswerCame() {
        assertEquals(ChallengeVerdict.MISSING,
                challenges.check("s1", "u1", ChallengeKind.QUESTION, null, issuedAt, issuedAt, 1000));
        assertEquals(ChallengeVerdict.MISSING, challenges.check("s1", "u1", ChallengeKind.QUESTION,
                new ChallengeAnswer("a", null, "t"), issuedAt, issuedAt, 1000));
    }

    @Test
    void constructor_shouldRefuseAShortSecret() {
        assertThrows(IllegalArgumentException.class, () -> new KeyedHash(new byte[16]));
    }

    @Test
    void issue_shouldAskSmallSums() {
        for (int i = 0; i < 50; i++) {
            String question = challenges.issue("s1", "u" + i, issuedAt).question();
            assertTrue(question.matches("What is \\d{1,2} \\+ \\d{1,2}\\?"), question);
        }
    }
}
