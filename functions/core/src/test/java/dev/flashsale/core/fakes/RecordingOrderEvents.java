package dev.flashsale.core.fakes;

import dev.flashsale.core.event.OrderEvent;
import dev.flashsale.core.port.OrderEvents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An event bus that records what it took, and fails as EventBridge does when told to: the whole call (throttled,
 * unreachable), some entries of a call (a partial failure: {@code FailedEntryCount} above 0), or the container
 * dying in the middle of the publish ({@link Crash}, before anything went out).
 */
public final class RecordingOrderEvents implements OrderEvents {

    /** The container died: nothing after this point of the invocation ran. */
    public static final class Crash extends Error {
        public Crash() {
            super("container died before the publish", null, false, false);
        }
    }

    public final List<OrderEvent> delivered = new CopyOnWriteArrayList<>();
    public final List<Integer> callSizes = new CopyOnWriteArrayList<>();
    private int crashes;
    private int callFailures;
    private int refusedEntries;

    /** The next {@code n} calls die before sending anything. */
    public RecordingOrderEvents crashNext(int n) {
        crashes = n;
        return this;
    }

    /** The next {@code n} calls fail as a whole (a throttled or unreachable bus). */
    public RecordingOrderEvents failNext(int n) {
        callFailures = n;
        return this;
    }

    /** The next {@code n} entries are refused one by one, the calls themselves answering. */
    public RecordingOrderEvents refuseNextEntries(int n) {
        refusedEntries = n;
        return this;
    }

    @Override
    public synchronized List<OrderEvent> publish(List<OrderEvent> events) {
        if (events.size() > BATCH) {
            throw new IllegalArgumentException("PutEvents takes at most " + BATCH + " entries");
        }
        if (crashes > 0) {
            crashes--;
            throw new Crash();
        }
        callSizes.add(events.size());
        if (callFailures > 0) {
            callFailures--;
            throw new IllegalStateException("ThrottlingException");
        }
        List<OrderEvent> refused = new ArrayList<>();
        for (OrderEvent event : events) {
            if (refusedEntries > 0) {
                refusedEntries--;
                refused.add(event);
            } else {
                delivered.add(event);
            }
        }
        return refused;
    }

    public List<String> deliveredIds() {
        return delivered.stream().map(OrderEvent::eventId).toList();
    }
}
