package dev.flashsale.core.event;

import dev.flashsale.core.fakes.InMemoryLedgerItems;
import dev.flashsale.core.fakes.InMemoryOrders;
import dev.flashsale.core.fakes.InMemorySaleCatalog;
import dev.flashsale.core.fakes.RecordingOrderEvents;
import dev.flashsale.core.ledger.WriteAheadLedger;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.port.StockAuthority;
import dev.flashsale.core.order.PaymentTerms;
import dev.flashsale.core.order.RejectionReason;
import dev.flashsale.core.port.LedgerEvents;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static dev.flashsale.core.fakes.Fixtures.NOW;
import static dev.flashsale.core.fakes.Fixtures.openSale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderEventOutboxTest {

    private final Sale sale = openSale("s1", 30, Protection.NONE);
    private final WriteAheadLedger ledger = new WriteAheadLedger(new InMemoryLedgerItems(), LedgerEvents.NONE);
    private final InMemoryOrders orders = new InMemoryOrders();
    private final InMemorySaleCatalog catalog = new InMemorySaleCatalog();
    private final RecordingOrderEvents bus = new RecordingOrderEvents();
    private final OrderEventOutbox events = new OrderEventOutbox(bus, orders);
    private final OrderWriter writer = new OrderWriter(orders, ledger, reservation -> StockAuthority.Count.COUNTED,
            new PaymentTerms(catalog, Clock.fixed(NOW, ZoneOffset.UTC)), Optional.empty(), events);

    OrderEventOutboxTest() {
        catalog.save(sale);
        ledger.open(sale, sale.stock());
    }

    private Reservation reserve(String userId) {
        ReservationOutcome outcome = ledger.reserve(sale, userId, 1, OrderIds.next(), NOW);
        return assertInstanceOf(ReservationOutcome.Reserved.class, outcome).reservation();
    }

    @Test
    void write_shouldPublishTheOrdersEventAndClearIt_whenTheBusTakesIt() {
        // given
        Reservation reservation = reserve("ann");

        // when
        Order order = writer.write(reservation);

        // then
        assertEquals(List.of(order.orderId() + ":CONFIRMED"), bus.deliveredIds());
        OrderEvent event = bus.delivered.get(0);
        assertEquals("s1", event.saleId());
        assertEquals("ann", event.shopper());
        assertEquals(OrderStatus.CONFIRMED, event.status());
        assertNull(event.reason());
        assertNull(event.variant());
        assertEquals(reservation.reservedAt(), event.at());
        assertTrue(orders.pending("s1").isEmpty());
    }

    @Test
    void write_shouldPublishTheReason_whenTheOrderIsRejected() {
        // given: admission gave the units back before the order was written
        Reservation reservation = reserve("ann");
        ledger.release(reservation);

        // when
        writer.write(reservation);

        // then
        OrderEvent event = bus.delivered.get(0);
        assertEquals(OrderStatus.REJECTED, event.status());
        assertEquals(RejectionReason.RESERVATION_RELEASED, event.reason());
    }

    @Test
    void finish_shouldPublishTheEvent_whenTheWriterCrashedBetweenTheWriteAndThePublish() {
        // given: the order is written, then the container dies before the event goes out
        Reservation reservation = reserve("ann");
        bus.crashNext(1);
        assertThrows(RecordingOrderEvents.Crash.class, () -> writer.write(reservation));
        assertEquals(OrderStatus.CONFIRMED, orders.find(reservation.orderId()).orElseThrow().status());
        assertTrue(bus.delivered.isEmpty());

        // when: the reconciler's next pass
        OrderEventOutbox.Report report = events.finish("s1");

        // then
        assertEquals(new OrderEventOutbox.Report(1, 0), report);
        assertEquals(List.of(reservation.orderId() + ":CONFIRMED"), bus.deliveredIds());
        assertEquals(reservation.reservedAt(), bus.delivered.get(0).at());
        assertTrue(orders.pending("s1").isEmpty());
        assertEquals(new OrderEventOutbox.Report(0, 0), events.finish("s1"));
    }

    @Test
    void finish_shouldRetryTheEntry_whenThePublishReportedItAsFailed() {
        // given: PutEvents answers with FailedEntryCount 1 for the order's event
        Reservation reservation = reserve("ann");
        bus.refuseNextEntries(1);
        writer.write(reservation);
        assertTrue(bus.delivered.isEmpty());

        // when
        OrderEventOutbox.Report report = events.finish("s1");

        // then
        assertEquals(new OrderEventOutbox.Report(1, 0), report);
        assertEquals(List.of(reservation.orderId() + ":CONFIRMED"), bus.deliveredIds());
    }

    @Test
    void finish_shouldKeepTheEventPending_whenTheBusRefusesItAgain() {
        // given: the writer's call failed as a whole, the reconciler's first entry is throttled too
        Reservation reservation = reserve("ann");
        bus.failNext(1);
        writer.write(reservation);
        bus.refuseNextEntries(1);

        // when
        OrderEventOutbox.Report first = events.finish("s1");
        OrderEventOutbox.Report second = events.finish("s1");

        // then
        assertEquals(new OrderEventOutbox.Report(0, 1), first);
        assertEquals(new OrderEventOutbox.Report(1, 0), second);
        assertEquals(List.of(reservation.orderId() + ":CONFIRMED"), bus.deliveredIds());
    }

    @Test
    void finish_shouldPublishTheEarlierStatusToo_whenTheOrderMovedOnBeforeItsEventWentOut() {
        // given: the confirmation's event did not go out; the order is paid since (its event went out)
        Reservation reservation = reserve("ann");
        bus.failNext(1);
        Order confirmed = writer.write(reservation);
        orders.markPaid(confirmed.orderId(), "ch_1", NOW.plusSeconds(30));
        events.announce(confirmed, OrderStatus.PAID, NOW.plusSeconds(30));

        // when
        events.finish("s1");

        // then: each status once, the confirmation after the payment
        assertEquals(List.of(confirmed.orderId() + ":PAID", confirmed.orderId() + ":CONFIRMED"), bus.deliveredIds());
        assertEquals(NOW.plusSeconds(30), bus.delivered.get(0).at());
    }

    @Test
    void finish_shouldSendAtMostTenEventsPerCall_whenManyArePending() {
        // given: 25 orders written while the bus was down
        bus.failNext(25);
        for (int i = 0; i < 25; i++) {
            writer.write(reserve("shopper" + i));
        }

        // when
        OrderEventOutbox.Report report = events.finish("s1");

        // then
        assertEquals(new OrderEventOutbox.Report(25, 0), report);
        assertEquals(List.of(10, 10, 5), bus.callSizes.subList(25, 28));
        assertEquals(25, bus.deliveredIds().stream().distinct().count());
    }

    @Test
    void write_shouldAnnounceAgain_whenARedeliveredMessageFindsItsOrderWrittenButNotAnnounced() {
        // given: the first delivery wrote the order and died before the publish
        Reservation reservation = reserve("ann");
        bus.crashNext(1);
        assertThrows(RecordingOrderEvents.Crash.class, () -> writer.write(reservation));

        // when: the queue delivers the message again
        writer.write(reservation);

        // then
        assertEquals(List.of(reservation.orderId() + ":CONFIRMED"), bus.deliveredIds());
        assertTrue(orders.pending("s1").isEmpty());
    }
}
