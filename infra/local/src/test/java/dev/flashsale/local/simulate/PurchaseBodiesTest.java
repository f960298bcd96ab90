package dev.flashsale.local.simulate;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PurchaseBodiesTest {

    private static final LoopbackClient.Reply ISSUED = new LoopbackClient.Reply(200, Map.of(),
            Map.of("challengeId", "c-1", "question", "What is 17 + 25?", "token", "t\"k"), 0);

    @Test
    void purchase_shouldLeaveOutWhatIsAbsent_whenBuilt() {
        assertEquals("{\"quantity\":1}", PurchaseBodies.purchase(null, null, null));
        assertEquals("{\"userId\":\"bot-1-alias-0\",\"quantity\":1,\"challenge\":{},\"requestId\":\"r9\"}",
                PurchaseBodies.purchase("bot-1-alias-0", "{}", "r9"));
    }

    @Test
    void solved_shouldAnswerTheSumAndQuoteTheToken_whenTheQuestionIsASum() {
        assertEquals("{\"challengeId\":\"c-1\",\"answer\":\"42\",\"token\":\"t\\\"k\"}", PurchaseBodies.solved(ISSUED));
    }

    @Test
    void solve_shouldAnswerAQuestionMark_whenTheQuestionIsNotASum() {
        assertEquals("?", PurchaseBodies.solve("Which colour?"));
        assertEquals("?", PurchaseBodies.solve(null));
    }
}
