package dev.flashsale.core.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrintableTest {

    @Test
    void isPrintable_shouldAcceptLettersOfAnyScriptAndPairedEmoji() {
        assertTrue(Printable.isPrintable("shopper-1"));
        assertTrue(Printable.isPrintable("Zoë Łukasz 山田 שלום"));
        assertTrue(Printable.isPrintable("fan-\uD83D\uDE00")); // a surrogate pair: one emoji
    }

    @Test
    void isPrintable_shouldRefuseControlSurrogateBidiAndZeroWidthCharacters() {
        assertFalse(Printable.isPrintable("a\u0000b"), "NUL");
        assertFalse(Printable.isPrintable("a\nb"), "newline");
        assertFalse(Printable.isPrintable("a\u007fb"), "DEL");
        assertFalse(Printable.isPrintable("a\uD800"), "lone high surrogate");
        assertFalse(Printable.isPrintable("\uDC00a"), "lone low surrogate");
        assertFalse(Printable.isPrintable("admin\u202Egnp.exe"), "right-to-left override");
        assertFalse(Printable.isPrintable("a\u2066b"), "left-to-right isolate");
        assertFalse(Printable.isPrintable("shop\u200Bper"), "zero-width space");
        assertFalse(Printable.isPrintable("shop\u200Dper"), "zero-width joiner");
        assertFalse(Printable.isPrintable("\uFEFFshopper"), "byte-order mark");
        assertFalse(Printable.isPrintable("a\u2028b"), "line separator");
    }
}
