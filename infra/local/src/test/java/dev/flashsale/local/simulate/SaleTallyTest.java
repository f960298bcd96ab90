package dev.flashsale.local.simulate;

import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulation's counts and the report built from them, without a stack. */
class SaleTallyTest {

    private static LoopbackClient.Reply reply(int status, String orderId) {
        return new LoopbackClient.Reply(status, Map.of(), orderId == null ? Map.of() : Map.of("orderId", orderId),
                2_000_000);
    }

    @Test
    void report_shouldCountAnswersBotsAndLostOrders_whenTheSaleIsOver() {
        // given: three shoppers (one bought, one sold out, one got 503 twice), a bot that bought, one order lost
        SaleTally tally = new SaleTally();
        tally.buyerChallenge(200);
        tally.buyerPurchase(0, "token-0", reply(202, "o-0"));
        tally.buyerPurchase(1, "token-1", reply(410, null));
        tally.buyerChallenge(503);
        tally.buyerFailed();
        tally.botPurchase("rusher", "bot-token", tally.botAnswer(reply(202, "o-bot")));
        tally.botAnswer(reply(403, null));
        Simulation.Settings settings = new Simulation.Settings(3, 1, 5, 8, "s", true, 1000);
        ApiClient.Answer saleReport = new ApiClient.Answer(200,
                Map.of("confirmed", 2, "rejected", 0, "oversold", 0, "duplicateBuyers", 0), "{}", 0, HttpHeaders.of(Map.of(), (name, value) -> true));

        // when
        SimulationReport report = tally.report(settings, saleReport, 1_000_000_000L, 0.5, Map.of("CONFIRMED", 1L));

        // then
        assertEquals(2, report.admitted());
        assertEquals(1, report.soldOut());
        assertEquals(Map.of(503, 1, -1, 1), report.otherByStatus());
        assertEquals(Map.of(202, 1, 403, 1), report.botAnswers());
        assertEquals(1, report.botPurchasesByKind().get("rusher"));
        assertEquals(0, report.botPurchasesByKind().get("skipper"));
        assertEquals(1, report.lost(), "two orders given, one confirmed");
        assertEquals(6, report.requests(), "two purchases, two challenges, two bot requests");
        assertEquals(2.0 / 3, report.legitSuccessRate(), 1e-9);
        assertEquals("token-0", tally.tokenOf("o-0"));
        assertEquals(false, report.passed());
    }

    private static SimulationReport twoShoppersOneBought(SaleTally tally, int exactTimers) {
        tally.buyerPurchase(0, "token-0", reply(202, "o-0"));
        tally.buyerPurchase(1, "token-1", reply(410, null));
        Simulation.Settings settings = new Simulation.Settings(2, 8, 5, 8, "s", true, 1000);
        ApiClient.Answer saleReport = new ApiClient.Answer(200,
                Map.of("confirmed", 2, "rejected", 0, "oversold", 0, "duplicateBuyers", 0), "{}", 0,
                HttpHeaders.of(Map.of(), (name, value) -> true));
        return tally.report(settings, saleReport, 1_000_000_000L, 0.5, Map.of("CONFIRMED", 2L), exactTimers);
    }

    /** Issue 21 finding 2: the exact timer breaks no rule, so it may buy, but never more often than a shopper. */
    @Test
    void report_shouldFail_whenExactTimersBuyMoreOftenThanShoppers() {
        // given: one shopper of two bought (50 %), one exact timer of one bought (100 %)
        SaleTally tally = new SaleTally();
        tally.botPurchase(BotCrowd.EXACT_TIMER, "timer-token", tally.botAnswer(reply(202, "o-timer")));

        // when
        SimulationReport report = twoShoppersOneBought(tally, 1);

        // then
        assertEquals(1, report.botPurchasesByKind().get("exact-timer"));
        assertEquals(0, report.botPurchases(), "it broke no rule");
        assertEquals(0.5, report.shares().shopper(), 1e-9);
        assertEquals(1.0, report.shares().exactTimer(), 1e-9);
        assertEquals(false, report.passed());
        assertTrue(report.toJson().contains("\"exactTimerShare\":1.0000"), report.toJson());
    }

    @Test
    void report_shouldPass_whenExactTimersBuyNoMoreOftenThanShoppers() {
        // given: one shopper of two bought (50 %), one exact timer of two bought (50 %)
        SaleTally tally = new SaleTally();
        tally.botPurchase(BotCrowd.EXACT_TIMER, "timer-token", tally.botAnswer(reply(202, "o-timer")));

        SimulationReport report = twoShoppersOneBought(tally, 2);

        assertEquals(0.5, report.shares().exactTimer(), 1e-9);
        assertEquals(true, report.passed());
    }
}
