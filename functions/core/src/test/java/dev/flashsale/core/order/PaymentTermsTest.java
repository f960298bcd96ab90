package dev.flashsale.core.order;

import dev.flashsale.core.fakes.Fixtures;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;

import static dev.flashsale.core.fakes.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PaymentTermsTest {

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void confirmed_shouldSetTheDeadlineFromConfirmation_whenTheSaleHasAPaymentWindow() {
        PaymentTerms terms = new PaymentTerms(new InMemorySaleCatalog(Fixtures.saleWithWindow(15)), clock);

        Order order = terms.confirmed(Fixtures.reservation("ann"));

        assertEquals(OrderStatus.CONFIRMED, order.status());
        assertEquals(NOW.plusSeconds(15 * 60), order.payBy());
    }

    @Test
    void confirmed_shouldSetNoDeadline_whenTheSaleHasNoPaymentWindow() {
        PaymentTerms terms = new PaymentTerms(new InMemorySaleCatalog(Fixtures.saleWithWindow(0)), clock);

        assertNull(terms.confirmed(Fixtures.reservation("ann")).payBy());
        assertNull(PaymentTerms.NONE.confirmed(Fixtures.reservation("ann")).payBy());
    }
}
