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
}
