package dev.flashsale.local.faults;

import dev.flashsale.local.simulate.ApiClient;
import dev.flashsale.local.simulate.Simulation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shoppers' side of a payment window, for the {@code unpaid} fault: every winner pays as soon as the order is
 * confirmed (a thread checks every two seconds while the run lasts, and the run before it lets a window end), except one in five of the sale's first
 * {@code stock} winners, who never do; their orders expire and the units go back on sale.
 */
final class Payers {

    static final int PAYMENT_MINUTES = 1;
    /** One in this many of the first winners never pays. */
    private static final int NEVER_PAYS_ONE_IN = 5;
    private static final String APPROVE = "{\"method\":\"test-approve\"}";

    private final int firstWinners;
    private final Set<String> neverPay = new HashSet<>();
    private final Set<String> settled = new HashSet<>();

    Payers(int firstWinners) {
        this.firstWinners = firstWinners;
    }

    synchronized int nonPayers() {
        return neverPay.size();
    }

    /**
     * Where the payments stand after a round of paying: a non-payer's order still open (its window must end), and
     * paying winners whose payment did not go through this time (a busy stack: the next round pays them).
     */
    record Standing(boolean unpaidOpen, int payersOwed) {
    }

    /** Pays every confirmed order of a paying winner. */
    synchronized Standing settle(Simulation simulation) {
        boolean unpaidOpen = false;
        int payersOwed = 0;
        List<String> winners = simulation.orderIds();
        for (int i = 0; i < Math.min(firstWinners, winners.size()); i += NEVER_PAYS_ONE_IN) {
            neverPay.add(winners.get(i));
        }
        for (String orderId : winners) {
            if (settled.contains(orderId)) {
                continue;
            }
            ApiClient api = simulation.ownerOf(orderId); // a shopper reads and pays only their own order
            ApiClient.Answer order = api.get("/api/orders/" + orderId);
            String status = order.status() == 200 ? order.text("status") : "";
            if (!"CONFIRMED".equals(status)) {
                if (!"PENDING".equals(status) && !status.isEmpty()) {
                    settled.add(orderId); // paid, expired or rejected: nothing more to do
                }
                continue;
            }
            if (neverPay.contains(orderId)) {
                unpaidOpen = true;
            } else if (api.post("/api/orders/" + orderId + "/payment", APPROVE).status() == 200) {
                settled.add(orderId);
            } else {
                payersOwed++;
            }
        }
        return new Standing(unpaidOpen, payersOwed);
    }
}
