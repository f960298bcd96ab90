package dev.flashsale.local.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CostModelTest {

    private static final CostModel.Inputs DOCUMENTED_SALE = new CostModel.Inputs(1_000_000, 10_000, 31, 500, 10, 1, 1);

    @Test
    void lines_shouldReproduceTheReadmeTable_whenGivenItsDurations() {
        // when
        List<CostModel.Line> lines = CostModel.lines(DOCUMENTED_SALE);

        // then: docs/aws.md's figures (31 ms admissions, 500 ms order batches of ten)
        assertEquals(1.10, lines.get(0).cost(), 0.005);
        assertEquals(3.50, lines.get(1).cost(), 0.005);
        assertEquals(31_500, lines.get(3).quantity(), 1);
        assertEquals(0.42, lines.get(3).cost(), 0.005);
        assertEquals(2_060_000, lines.get(4).quantity(), 1);
        assertEquals(6.5, CostModel.total(lines), 0.1);
    }

    @Test
    void lines_shouldChargeComputeInProportionToTheDuration_whenTheAdmissionGetsFaster() {
        CostModel.Inputs faster = new CostModel.Inputs(1_000_000, 10_000, 3.1, 500, 10, 1, 1);

        double compute = CostModel.lines(faster).get(3).quantity();

        assertEquals(1_000_000 * 0.0031 + 1_000 * 0.5, compute, 0.01);
    }

    @Test
    void toText_shouldEndWithTheTotal_whenRendered() {
        String text = CostModel.toText(CostModel.lines(DOCUMENTED_SALE));

        assertEquals(String.format(java.util.Locale.ROOT, "| **total** | | | **$%.2f** |",
                CostModel.total(CostModel.lines(DOCUMENTED_SALE))), text.lines().reduce((a, b) -> b).orElseThrow());
    }
}
