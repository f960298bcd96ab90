package dev.flashsale.core.reconcile;

import dev.flashsale.core.event.OrderEvent;
import dev.flashsale.core.event.OrderEventOutbox;
import dev.flashsale.core.fakes.RecordingOrderEvents;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reconciler's pass publishes the order events that no writer got out, whichever write left them. */
class ReconcilerEventsTest {

    private final RecordingOrderEvents bus = new RecordingOrderEvents();

    @Test
    void run_shouldPublishEveryStatusChangeOnce_whenNoWriterPublishedAny() {
        // given: writers whose events never went out (each died after its write): a paid order, an unpaid one
        SaleWorld world = new SaleWorld(SaleWorld.Backend.DYNAMODB, Duration.ofMinutes(5), SaleWorld.sale("s1", 3, 10));
        Order paid = world.buy("s1", "ann").orElseThrow();
        Order unpaid = world.buy("s1", "bob").orElseThrow();
        world.pay(paid);
        world.later(Duration.ofMinutes(11));
        Reconciliation pass = world.reconciliation(new OrderEventOutbox(bus, world.orders));

        // when: one pass (it expires the unpaid order itself, and publishes that too)
        Reconciliation.Report report = pass.run();
        Reconciliation.Report again = pass.run();

        // then
        Set<String> ids = Set.of(paid.orderId() + ":CONFIRMED", paid.orderId() + ":PAID",
                unpaid.orderId() + ":CONFIRMED", unpaid.orderId() + ":EXPIRED");
        assertEquals(ids, Set.copyOf(bus.deliveredIds()));
        assertEquals(4, bus.delivered.size());
        assertEquals(4, report.events().published());
        assertEquals(0, again.events().published());
        assertTrue(world.orders.pending("s1").isEmpty());
        assertEquals(OrderStatus.EXPIRED, world.order(unpaid.orderId()).status());
    }

    @Test
    void run_shouldPublishAfterTheBusRecovers_whenItWasThrottledDuringThePass() {
        // given: an order whose event is pending, the bus throttling the whole first pass
        SaleWorld world = new SaleWorld(SaleWorld.Backend.REDIS, Duration.ofMinutes(5), SaleWorld.sale("s1", 3, 0));
        Order order = world.buy("s1", "ann").orElseThrow();
        Reconciliation pass = world.reconciliation(new OrderEventOutbox(bus, world.orders));
        bus.failNext(1);

        // when
        Reconciliation.Report throttled = pass.run();
        Reconciliation.Report recovered = pass.run();

        // then
        assertEquals(1, throttled.events().stillPending());
        assertEquals(1, recovered.events().published());
        assertEquals(List.of(order.orderId() + ":CONFIRMED"), bus.deliveredIds());
        Set<OrderStatus> statuses = bus.delivered.stream().map(OrderEvent::status).collect(Collectors.toSet());
        assertEquals(Set.of(OrderStatus.CONFIRMED), statuses);
    }
}
