package dev.flashsale.core.sale;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaleDraftTest {

    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant END = START.plusSeconds(3600);

    @Test
    void toSale_shouldApplyDefaults_whenOptionalFieldsMissing() {
        Sale sale = new SaleDraft("Drop", 300, START, END, null, null, null).toSale("drop-1");

        assertEquals(1, sale.perUserLimit());
        assertEquals(ShardPlan.defaultShards(300), sale.shards());
        assertEquals(Protection.DEFAULTS, sale.protection());
    }

    @Test
    void problems_shouldListEveryProblem_whenManyFieldsAreWrong() {
        List<String> problems = new SaleDraft(" ", -1, END, START, 0, 101, null).problems("bad id!");

        assertEquals(6, problems.size(), problems.toString());
    }

    @Test
    void problems_shouldBeEmpty_whenDraftIsComplete() {
        assertTrue(new SaleDraft("Drop", 0, START, END, 2, 4, Protection.DEFAULTS).problems("drop_2").isEmpty());
    }

    @Test
    void problems_shouldNamePaymentMinutes_whenOutOfRange() {
        List<String> tooLong = new SaleDraft("Drop", 5, START, END, 1, 1, null, null, 24 * 60 + 1).problems("drop");
        List<String> negative = new SaleDraft("Drop", 5, START, END, 1, 1, null, null, -1).problems("drop");

        assertEquals(1, tooLong.size(), tooLong.toString());
        assertTrue(tooLong.get(0).startsWith("paymentMinutes"));
        assertEquals(1, negative.size(), negative.toString());
    }

    @Test
    void toSale_shouldKeepThePaymentWindow_whenGiven() {
        Sale sale = new SaleDraft("Drop", 5, START, END, null, null, null, null, 15).toSale("drop");

        assertEquals(15, sale.paymentMinutes());
        assertEquals(java.time.Duration.ofMinutes(15), sale.paymentWindow().orElseThrow());
        assertTrue(new SaleDraft("Drop", 5, START, END, null, null, null).toSale("d").paymentWindow().isEmpty());
    }
}
