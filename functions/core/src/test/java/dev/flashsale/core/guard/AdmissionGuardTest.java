package dev.flashsale.core.guard;

import dev.flashsale.core.challenge.Challenge;
import dev.flashsale.core.challenge.ChallengeAnswer;
import dev.flashsale.core.challenge.Challenges;
import dev.flashsale.core.challenge.ProofOfWork;
import dev.flashsale.core.decision.Admission.Refused;
import dev.flashsale.core.decision.Refusal;
import dev.flashsale.core.fakes.CountingBotSignals;
import dev.flashsale.core.fakes.InMemoryBlocklistStore;
import dev.flashsale.core.fakes.InMemoryChallengeLedger;
import dev.flashsale.core.fakes.InMemoryRateLimiter;
import dev.flashsale.core.hash.KeyedHash;
import dev.flashsale.core.sale.ChallengeKind;
import dev.flashsale.core.sale.ChallengeMode;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;

import static dev.flashsale.core.fakes.Fixtures.NOW;
import static dev.flashsale.core.fakes.Fixtures.openSale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdmissionGuardTest {

    private static final String ADDRESS = "203.0.113.7";
    private static final KeyedHash KEYED_HASH =
            new KeyedHash("0123456789abcdef0123456789abcdef-guard".getBytes(StandardCharsets.UTF_8));

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryBlocklistStore blocks = new InMemoryBlocklistStore();
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter();
    private final CountingBotSignals signals = new CountingBotSignals();
    private final Challenges challenges = new Challenges(KEYED_HASH, new InMemoryChallengeLedger(), new Random(5));
    private final AdmissionGuard guard = new AdmissionGuard(new Blocklist(blocks, clock, Duration.ZERO), limiter,
            signals, challenges, new LoadShedder(100, 1000), new AdmissionGuard.AutoBlock(3, Duration.ofMinutes(15)));

    private static String answerTo(Challenge challenge) {
        String[] terms = challenge.question().replace("What is ", "").replace("?", "").split(" \\+ ");
        return Integer.toString(Integer.parseInt(terms[0]) + Integer.parseInt(terms[1]));
    }

    @Test
    void blocked_shouldRefuse_whenTheUserOrTheAddressRangeIsListed() {
        // given
        blocks.add(new BlockEntry(BlockEntry.Type.USER, "mallory", "test", NOW, null));
        blocks.add(new BlockEntry(BlockEntry.Type.IP, "198.51.100.0/24", "test", NOW, null));

        // when / then
        assertEquals(Refusal.BLOCKED, guard.blocked("mallory", ADDRESS).orElseThrow().refusal());
        assertEquals(Refusal.BLOCKED, guard.blocked("ann", "198.51.100.9").orElseThrow().refusal());
        assertTrue(guard.blocked("ann", ADDRESS).isEmpty());
    }

    @Test
    void rateLimited_shouldRefuseWithRetryAfter_whenTheAddressBucketIsEmpty() {
        // given
        Sale sale = openSale("s1", 10, new Protection(ChallengeMode.OFF, 0, 5, 5, 0));
        limiter.refuse("sale:s1:ip:" + ADDRESS);

        // when
        Optional<Refused> refused = guard.rateLimited(sale, "ann", ADDRESS, NOW);

        // then
        assertEquals(Refusal.RATE_LIMITED, refused.orElseThrow().refusal());
        assertTrue(refused.get().retryAfterSeconds() >= 1);
    }

    @Test
    void rateLimited_shouldRefuse_whenTheUserBucketIsEmptyFromAnotherAddress() {
        Sale sale = openSale("s1", 10, new Protection(ChallengeMode.OFF, 0, 5, 5, 0));
        limiter.refuse("sale:s1:user:ann");

        assertEquals(Refusal.RATE_LIMITED, guard.rateLimited(sale, "ann", "192.0.2.1", NOW).orElseThrow().refusal());
        assertTrue(guard.rateLimited(sale, "bob", "192.0.2.1", NOW).isEmpty());
    }

    @Test
    void rateLimited_shouldAllow_whenTheSaleSetsNoLimit() {
        Sale sale = openSale("s1", 10, Protection.NONE);
        limiter.refuse("sale:s1:ip:" + ADDRESS);
        limiter.refuse("sale:s1:user:ann");

        assertTrue(guard.rateLimited(sale, "ann", ADDRESS, NOW).isEmpty());
    }

    @Test
    void challengeFailed_shouldAskForOne_whenTheSaleRequiresItAndNoneCame() {
        Sale sale = openSale("s1", 10, new Protection(ChallengeMode.ON, 1000, 0, 0, 0));

        Optional<Refused> refused = guard.challengeFailed(sale, "ann", null, NOW, NOW);

        assertEquals(Refusal.CHALLENGE_REQUIRED, refused.orElseThrow().refusal());
    }

    @Test
    void challengeFailed_shouldPassOnceThenRefuseTheSameToken_whenAnsweredRight() {
        // given a challenge answered after the minimum thinking time
        Sale sale = openSale("s1", 10, new Protection(ChallengeMode.ON, 1000, 0, 0, 0));
        Challenge challenge = challenges.issue("s1", "ann", NOW.minusSeconds(5));
        ChallengeAnswer answer = new ChallengeAnswer(challenge.challengeId(), answerTo(challenge), challenge.token());

        // when
        Optional<Refused> first = guard.challengeFailed(sale, "ann", answer, NOW, NOW);
        Optional<Refused> again = guard.challengeFailed(sale, "ann", answer, NOW, NOW);

        // then
        assertTrue(first.isEmpty());
        assertEquals(Refusal.CHALLENGE_FAILED, again.orElseThrow().refusal());
        assertEquals("That challenge was already used.", again.get().message());
    }

    @Test
    void challengeFailed_shouldRefuse_whenAProofOfWorkTokenIsRelabelledAsAQuestion() {
        // given a proof-of-work sale and its token p1.<id>.<t>.<bits>.<mac>, rewritten as v1.<id>.<t>.<mac>
        int bits = 20;
        Sale sale = openSale("s1", 10, new Protection(ChallengeMode.ON, 1000, 0, 0, 0,
                ChallengeKind.PROOF_OF_WORK, bits));
        Challenge work = challenges.issue("s1", "ann", NOW.minusSeconds(5), ChallengeKind.PROOF_OF_WORK, bits);
        String[] parts = work.token().split("\\.");
        String relabelled = "v1." + parts[1] + "." + parts[2] + "." + parts[4];
        ChallengeAnswer noWork = new ChallengeAnswer(work.challengeId(), "proof-of-work:" + bits, relabelled);

        // when it comes back after the minimum answer time, with no hashing done
        Optional<Refused> refused = guard.challengeFailed(sale, "ann", noWork, NOW, NOW);

        // then it is refused as a challenge of the wrong kind, and the genuine token still buys once
        assertEquals(Refusal.CHALLENGE_FAILED, refused.orElseThrow().refusal());
        assertEquals("This sale asks for a proof-of-work challenge; ask for a new one.", refused.get().message());
        ChallengeAnswer solved = new ChallengeAnswer(work.challengeId(),
                ProofOfWork.solve(work.challengeId(), bits), work.token());
        assertTrue(guard.challengeFailed(sale, "ann", solved, NOW, NOW).isEmpty(), "the refusal consumed nothing");
    }

    @Test
    void challengeFailed_shouldRefuse_whenAQuestionTokenComesToAProofOfWorkSale() {
        // given a question token, answered right, sent to a sale that asks for work
        Sale sale = openSale("s1", 10, new Protection(ChallengeMode.ON, 1000, 0, 0, 0,
                ChallengeKind.PROOF_OF_WORK, 16));
        Challenge question = challenges.issue("s1", "ann", NOW.minusSeconds(5));
        ChallengeAnswer answer = new ChallengeAnswer(question.challengeId(), answerTo(question), question.token());

        // when / then
        Optional<Refused> refused = guard.challengeFailed(sale, "ann", answer, NOW, NOW);
        assertEquals(Refusal.CHALLENGE_FAILED, refused.orElseThrow().refusal());
        assertEquals("This sale asks for a proof-of-work challenge; ask for a new one.", refused.get().message());
    }

    @Test
    void challengeFailed_shouldNotAsk_whenTheSaleAsksOnlyUnderLoadAndTheContainerIsIdle() {
        Sale sale = openSale("s1", 10, new Protection(ChallengeMode.ON_UNDER_LOAD, 1000, 0, 0, 0));

        assertFalse(guard.challengeRequired(sale));
        assertTrue(guard.challengeFailed(sale, "ann", null, NOW, NOW).isEmpty());
    }

    @Test
    void botSignal_shouldBlockTheUser_butNotTheAddress_whenOnePersonSendsManyWrongAnswers() {
        // given two wrong answers: under the threshold of three
        guard.botSignal("bot", ADDRESS, Refusal.CHALLENGE_FAILED, NOW);
        guard.botSignal("bot", ADDRESS, Refusal.CHALLENGE_FAILED, NOW);
        assertTrue(guard.blocked("bot", ADDRESS).isEmpty());

        // when the third comes, and more
        for (int i = 0; i < 10; i++) {
            guard.botSignal("bot", ADDRESS, Refusal.CHALLENGE_FAILED, NOW);
        }

        // then the user is blocked for the configured time; the address (a carrier NAT's, maybe) is not
        assertEquals(Refusal.BLOCKED, guard.blocked("bot", "192.0.2.1").orElseThrow().refusal());
        assertTrue(guard.blocked("someone", ADDRESS).isEmpty(), "one person alone cannot block a shared address");
        BlockEntry user = blocks.all().stream().filter(e -> e.type() == BlockEntry.Type.USER).findFirst().orElseThrow();
        assertEquals("auto: CHALLENGE_FAILED", user.reason());
        assertEquals(NOW.plus(Duration.ofMinutes(15)), user.expiresAt());
        assertEquals(1, blocks.all().size(), "one entry, however many signals: " + blocks.all());
    }

    @Test
    void botSignal_shouldBlockNothing_whenTheRefusalsAreRateLimits() {
        for (int i = 0; i < 50; i++) {
            guard.botSignal("busy-" + (i % 5), ADDRESS, Refusal.RATE_LIMITED, NOW);
        }

        assertTrue(guard.blocked("busy-0", ADDRESS).isEmpty());
        assertTrue(blocks.all().isEmpty(), blocks.all().toString());
        assertEquals(0, signals.count("user:busy-0"));
    }

    @Test
    void botSignal_shouldBlockTheAddress_whenEnoughDifferentUsersSendWrongAnswersFromIt() {
        AdmissionGuard strict = new AdmissionGuard(new Blocklist(blocks, clock, Duration.ZERO), limiter, signals,
                challenges, new LoadShedder(100, 1000), new AdmissionGuard.AutoBlock(3, 4, Duration.ofMinutes(15)));

        for (int user = 0; user < 3; user++) {
            strict.botSignal("script-" + user, ADDRESS, Refusal.CHALLENGE_FAILED, NOW);
            strict.botSignal("script-" + user, ADDRESS, Refusal.CHALLENGE_FAILED, NOW);
        }
        assertTrue(strict.blocked("someone", ADDRESS).isEmpty(), "three users: under the four it takes");
        strict.botSignal("script-3", ADDRESS, Refusal.CHALLENGE_FAILED, NOW);

        assertEquals(Refusal.BLOCKED, strict.blocked("someone", ADDRESS).orElseThrow().refusal());
    }

    @Test
    void botSignal_shouldBlockTheWholeSlash64_whenTheAddressIsIpv6() {
        AdmissionGuard strict = new AdmissionGuard(new Blocklist(blocks, clock, Duration.ZERO), limiter, signals,
                challenges, new LoadShedder(100, 1000), new AdmissionGuard.AutoBlock(3, 2, Duration.ofMinutes(15)));

        // two users, each from another address of one /64 (a host picks any of them)
        strict.botSignal("a", "2001:db8:0:7::1", Refusal.CHALLENGE_FAILED, NOW);
        strict.botSignal("b", "2001:db8:0:7:ffff::9", Refusal.CHALLENGE_FAILED, NOW);

        assertEquals(Refusal.BLOCKED, strict.blocked("c", "2001:db8:0:7:1234::1").orElseThrow().refusal());
        assertTrue(strict.blocked("c", "2001:db8:0:8::1").isEmpty(), "the next /64 is someone else");
    }

    @Test
    void rateLimited_shouldShareOneBucket_acrossTheAddressesOfAnIpv6Slash64() {
        Sale sale = openSale("s1", 10, new Protection(ChallengeMode.OFF, 0, 5, 0, 0));
        limiter.refuse("sale:s1:ip:2001:db8:0:7:0:0:0:0/64");

        assertEquals(Refusal.RATE_LIMITED,
                guard.rateLimited(sale, null, "2001:db8:0:7::abcd", NOW).orElseThrow().refusal());
        assertEquals(Refusal.RATE_LIMITED,
                guard.rateLimited(sale, null, "2001:db8:0:7:9::1", NOW).orElseThrow().refusal());
        assertTrue(guard.rateLimited(sale, null, "203.0.113.9", NOW).isEmpty());
    }
}
