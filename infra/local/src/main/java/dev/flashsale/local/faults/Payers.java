package dev.flashsale.local.faults;

import dev.flashsale.local.simulate.ApiClient;
import dev.flashsale.local.simulate.Simulation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shoppers' side of a payment window, for the {@code unpaid} fault: every winner pays once the order is
 * confirmed, except a share of the sale's first winners, who never do; their orders expire and the units go back
 * on sale. Winners of later rounds all pay.
 */
final class Payers {

    static final int PAYMENT_MINUTES = 1;
    /** One in this many of the first winners never pays. */
    private static final int NEVER_PAYS_ONE_IN = 5;
    private static final String APPROVE = "{\"method\":\"test-approve\"}";

    private final Set<String> neverPay = new HashSet<>();
    private final Set<String> settled = new HashSet<>();
    private boolean chosen;

    /** Chooses who never pays among the first winners; how many. */
    int chooseNonPayers(List<String> firstWinners) {
        if (!chosen) {
            chosen = true;
            for (int i = 0; i < firstWinners.size(); i += NEVER_PAYS_ONE_IN) {
                neverPay.add(firstWinners.get(i));
            }
        }
        return neverPay.size();
    }

    int nonPayers() {
        return neverPay.size();
    }

    /** Pays every confirmed order of a paying winner; true while a non-payer's order is still confirmed. */
    boolean settle(Simulation simulation) {
        ApiClient api = simulation.api();
        boolean unpaidOpen = false;
        for (String orderId : simulation.orderIds()) {
            if (settled.contains(orderId)) {
                continue;
            }
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
            }
        }
        return unpaidOpen;
    }
}
