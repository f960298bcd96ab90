package dev.flashsale.tests.orders;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.flashsale.core.order.Order;
import dev.flashsale.core.order.OrderStatus;
import dev.flashsale.core.order.OrderWriter;
import dev.flashsale.core.port.ReconcilerLeases;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.reconcile.Reconciliation;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.reconciler.ReconcilerHandler;
import dev.flashsale.tests.AwsFacing;
import dev.flashsale.tests.AwsTarget;
import dev.flashsale.tests.LocalCloudFixture;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduled reconciler against real stores: stale reservations get their message again (both backends keep
 * sends), orders are never touched.
 */
@AwsFacing
@Tag(AwsTarget.TAG)
class ReconcilerIT {

    @ParameterizedTest
    @ValueSource(strings = {"dynamodb", "redis"})
    void run_shouldSendStaleReservationsAgain_andNeverReleaseThem(String backend) throws Exception {
        try (ApplicationContext context = LocalCloudFixture.contextOf("ReconcilerFunction",
                Map.of("FLASHSALE_STOCK_BACKEND", backend))) {
            // given: three units; one reservation stranded 30 minutes ago, one claimed as long ago, one fresh
            Instant now = Instant.now();
            Sale sale = new Sale("recon-" + UUID.randomUUID().toString().substring(0, 8), "Reconcile", 3,
                    now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), 1, 2, Protection.NONE);
            context.getBean(SaleAdministration.class).put(sale);
            StockLedger ledger = context.getBean(StockLedger.class);
            Instant longAgo = now.minus(Duration.ofMinutes(30));
            var stranded = ((ReservationOutcome.Reserved) ledger.reserve(sale, "stranded", 1, OrderIds.next(), longAgo)).reservation();
            var ordered = ((ReservationOutcome.Reserved) ledger.reserve(sale, "ordered", 1, OrderIds.next(), longAgo)).reservation();
            context.getBean(OrderWriter.class).write(ordered);
            var fresh = ((ReservationOutcome.Reserved) ledger.reserve(sale, "fresh", 1, OrderIds.next(), now)).reservation();

            // when: the schedule fires (the event as EventBridge sends it)
            ScheduledEvent event;
            try (InputStream in = getClass().getResourceAsStream("/events/scheduled.json")) {
                event = context.getBean(JsonMapper.class).readValue(in.readAllBytes(), ScheduledEvent.class);
            }
            String report = new ReconcilerHandler(context).handleRequest(event, null);

            // then
            // issue 20, F10 (both backends): its message may still wait in the queue: sent again, never released
            assertTrue(report.contains("\"released\":0"), report);
            assertTrue(report.contains("STALE_RESERVATION_RESENT"), report);
            assertEquals(0, ledger.remaining(sale), "the stranded unit is held for its order");
            String next = new ReconcilerHandler(context).handleRequest(event, null);
            assertFalse(next.contains("STALE_RESERVATION_RESENT"), "the send is recorded: the next waits a cutoff");
            Order late = context.getBean(OrderWriter.class).write(stranded);
            assertEquals(OrderStatus.CONFIRMED, late.status(), "the message that waited gets its unit");
            assertEquals(OrderStatus.CONFIRMED, context.getBean(OrderWriter.class).write(fresh).status());
            assertEquals(0, ledger.staleReservations(sale, now.plusSeconds(1)).size());
        }
    }

    /** The lease item against the real store: one holder at a time, a retried take lands, a lease runs out. */
    @org.junit.jupiter.api.Test
    void lease_shouldAdmitOneHolderAtATime_andRecogniseItsOwnRetry() throws Exception {
        try (ApplicationContext context = LocalCloudFixture.contextOf("ReconcilerFunction", Map.of())) {
            ReconcilerLeases leases = context.getBean(ReconcilerLeases.class);
            String sale = "lease-" + UUID.randomUUID().toString().substring(0, 8);
            Instant now = Instant.now();
            Instant until = now.plus(Reconciliation.LEASE);

            assertTrue(leases.take(sale, "pass-a", now, until));
            assertTrue(leases.take(sale, "pass-a", now, until), "the SDK's retry of a take that landed");
            assertFalse(leases.take(sale, "pass-b", now.plusSeconds(1), now.plusSeconds(1).plus(Reconciliation.LEASE)));
            leases.end(sale, "pass-b"); // not b's: changes nothing
            assertFalse(leases.take(sale, "pass-b", now.plusSeconds(2), now.plus(Reconciliation.LEASE)));
            leases.end(sale, "pass-a");
            assertTrue(leases.take(sale, "pass-b", now.plusSeconds(3), now.plusSeconds(3).plus(Reconciliation.LEASE)));
            // b died holding it: c waits until it ran out
            Instant afterB = now.plusSeconds(3).plus(Reconciliation.LEASE);
            assertFalse(leases.take(sale, "pass-c", afterB, afterB.plus(Reconciliation.LEASE)));
            assertTrue(leases.take(sale, "pass-c", afterB.plusMillis(1), afterB.plus(Reconciliation.LEASE)));
        }
    }
}
