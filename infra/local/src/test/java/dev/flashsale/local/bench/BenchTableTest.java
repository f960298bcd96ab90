package dev.flashsale.local.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchTableTest {

    @Test
    void toText_shouldPutEachFigureBesideItsLimitAndRatio_whenALimitIsKnown() {
        // given
        BenchTable table = new BenchTable();
        table.add(new BenchTable.Row("redis", "storm", "sold-out purchases", 2500, "req/s", "static route", 10000.0,
                ">= 50%", false));

        // when
        String text = table.toText();

        // then
        String row = text.lines().filter(line -> line.contains("sold-out")).findFirst().orElseThrow();
        assertTrue(row.contains("2,500 req/s"), row);
        assertTrue(row.contains("10,000"), row);
        assertTrue(row.contains("25.0%"), row);
        assertTrue(row.contains(">= 50% MISSED"), row);
    }

    @Test
    void ratio_shouldBeNull_whenNothingBoundsTheFigure() {
        BenchTable.Row row = new BenchTable.Row("dynamodb", "spike", "time to sell out", 1.2, "s", null, null, null,
                null);

        assertNull(row.ratio());
    }

    @Test
    void toJson_shouldWriteEveryRowWithItsRatio_whenRowsWereAdded() {
        BenchTable table = new BenchTable();
        table.add(new BenchTable.Row("dynamodb", "capacity", "purchases \"quoted\"", 40000, "req/s", "ApiRateLimit",
                5000.0, ">= 500%", true));

        String json = table.toJson();

        assertEquals("{\"rows\":[{\"backend\":\"dynamodb\",\"scenario\":\"capacity\",\"figure\":\"purchases \\\"quoted\\\"\","
                + "\"value\":40000.0000,\"unit\":\"req/s\",\"boundBy\":\"ApiRateLimit\",\"limit\":5000.0000,"
                + "\"ratio\":8.0000,\"target\":\">= 500%\",\"met\":true}]}", json);
    }

    @Test
    void number_shouldKeepThreeSignificantDigits_whenValuesDifferInScale() {
        assertEquals("12,345", BenchTable.number(12345));
        assertEquals("12.3", BenchTable.number(12.34));
        assertEquals("1.23", BenchTable.number(1.234));
        assertEquals("0.123", BenchTable.number(0.1234));
    }
}
