package dev.flashsale.tests.faults;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fault seam at the SDK, below every adapter (so it works the same on any version of the ledger code): an
 * execution interceptor that every DynamoDB client of the test JVM loads (listed in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}). Off unless a test arms it; then the n-th
 * successful write matching the test's choice lands and the caller crashes, times out, or finds the store down.
 */
public final class StoreFaults implements ExecutionInterceptor {

    /** The process died right after a write landed (a Lambda timeout): nothing after it runs. */
    public static final class Crash extends Error {
        Crash(int write) {
            super("crash after write " + write);
        }
    }

    /**
     * CRASH, LANDED_THEN_TIMEOUT and STORE_DOWN after the write's call; LANDED_THEN_RETRIED: the write lands, its
     * answer is lost (a 500 in its place) and the SDK sends it again, as it does after a timeout.
     */
    public enum Fault { CRASH, LANDED_THEN_TIMEOUT, STORE_DOWN, LANDED_THEN_RETRIED }

    private static volatile Predicate<SdkRequest> matching;
    private static volatile Fault fault;
    private static volatile int faultAt;
    private static volatile boolean down;
    private static final AtomicInteger WRITES = new AtomicInteger();
    private static final AtomicInteger ATTEMPTS = new AtomicInteger();

    /** Arms the seam: the {@code write}-th write that matches lands, then {@code kind}. */
    public static synchronized void arm(int write, Fault kind, Predicate<SdkRequest> which) {
        WRITES.set(0);
        ATTEMPTS.set(0);
        down = false;
        faultAt = write;
        fault = kind;
        matching = which;
    }

    public static synchronized void disarm() {
        matching = null;
        down = false;
    }

    /** How many times a matching request reached the store since the seam was armed (the SDK's retries included). */
    public static int attempts() {
        return ATTEMPTS.get();
    }

    /** Writes to the ledger's hot-path items: order intents (or reservations), buyer counts, shards; and orders. */
    public static boolean ledgerWrite(SdkRequest request) {
        String pk = keyOf(request);
        return pk != null && (pk.startsWith("ORDER#") || pk.contains("#BUYER#") || pk.contains("#SHARD#")
                || pk.startsWith("order:"));
    }

    /** The write that records a reservation as RESERVED (a put of the record, or the move of an intent). */
    public static boolean reservationRecord(SdkRequest request) {
        String pk = keyOf(request);
        if (pk == null || !pk.startsWith("ORDER#")) {
            return false;
        }
        Map<String, AttributeValue> values = request instanceof PutItemRequest put ? put.item()
                : request instanceof UpdateItemRequest update ? update.expressionAttributeValues() : Map.of();
        return values != null && values.values().stream().anyMatch(v -> "RESERVED".equals(v.s()));
    }

    private static String keyOf(SdkRequest request) {
        Map<String, AttributeValue> key;
        if (request instanceof PutItemRequest put) {
            key = put.item();
            if (key.containsKey("orderId") && key.containsKey("status") && !key.containsKey("pk")) {
                return "order:" + key.get("orderId").s(); // the orders table
            }
        } else if (request instanceof UpdateItemRequest update) {
            key = update.key();
        } else if (request instanceof DeleteItemRequest delete) {
            key = delete.key();
        } else {
            return null;
        }
        AttributeValue pk = key == null ? null : key.get("pk");
        return pk == null ? null : pk.s();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Predicate<SdkRequest> which = matching;
        if (down && which != null && which.test(context.request())) {
            throw SdkClientException.create("store unavailable (injected)");
        }
    }

    @Override
    public software.amazon.awssdk.http.SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context,
                                                                          ExecutionAttributes attributes) {
        Predicate<SdkRequest> which = matching;
        if (which != null && which.test(context.request())) {
            ATTEMPTS.incrementAndGet();
        }
        if (fault != Fault.LANDED_THEN_RETRIED || which == null || !which.test(context.request())
                || !context.httpResponse().isSuccessful() || WRITES.incrementAndGet() != faultAt) {
            return context.httpResponse();
        }
        return context.httpResponse().toBuilder().statusCode(500).build();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Predicate<SdkRequest> which = matching;
        if (which == null || !which.test(context.request()) || fault == Fault.LANDED_THEN_RETRIED) {
            return;
        }
        int write = WRITES.incrementAndGet();
        if (write != faultAt) {
            return;
        }
        switch (fault) {
            case CRASH -> throw new Crash(write);
            case LANDED_THEN_TIMEOUT -> throw SdkClientException.create("timed out after write " + write + " (injected)");
            case STORE_DOWN -> {
                down = true;
                throw SdkClientException.create("store went down after write " + write + " (injected)");
            }
        }
    }
}
