package dev.flashsale.local.simulate;

import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * At most {@code concurrency} requests in flight, whatever the number of shoppers and bots: they spend most of
 * their time reading the question, so threads are many and requests in flight are not.
 */
final class RequestSlots {

    private final LoopbackClient http;
    private final Semaphore inFlight;

    RequestSlots(LoopbackClient http, int concurrency) {
        this.http = http;
        this.inFlight = new Semaphore(concurrency);
    }

    /** One request in a slot. */
    LoopbackClient.Reply send(String address, String method, String path, String json, String token)
            throws Exception {
        return holding(() -> http.send(address, method, path, json, token));
    }

    /** Several requests on one held slot (a bot at machine speed), sent with {@link #direct()}. */
    <T> T holding(Callable<T> requests) throws Exception {
        inFlight.acquire();
        try {
            return requests.call();
        } finally {
            inFlight.release();
        }
    }

    /** Signing in is a request like the others: within the same cap. */
    String signIn(ApiClient api, String user) throws Exception {
        return holding(() -> api.signIn(user));
    }

    /** The client without a slot, for requests outside the cap (the hoarders' head start) or inside a held one. */
    LoopbackClient direct() {
        return http;
    }
}
