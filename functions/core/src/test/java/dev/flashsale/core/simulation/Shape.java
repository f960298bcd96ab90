package dev.flashsale.core.simulation;

/**
 * The shape of one simulated sale and the world it runs in. Fault rates are per mille of store calls (or of
 * messages). Each world behaviour is what AWS documents may happen; {@link #clean} keeps only those the protocol
 * is meant to survive today, and each {@code with...} adds one behaviour a known finding needs.
 *
 * @param stock                 units on sale
 * @param shards                shards of the stock
 * @param perUserLimit          units one shopper may hold
 * @param shoppers              shoppers, each with {@code requestsPerShopper} purchases (own request ids, retried)
 * @param paymentMinutes        the sale's payment window (0: none)
 * @param reconcileAfterMinutes {@code ReconcileAfterMinutes} (template: 16..., default 20)
 * @param indexSettleMillis     {@code FLASHSALE_INDEX_SETTLE_MILLIS}, the audit's pause before reading the index
 * @param maxIndexLagMillis     how late a write may show in a DynamoDB index (GSI) read
 * @param crash                 a Lambda invocation dies around a store call
 * @param timeout               a write lands but its caller sees a timeout
 * @param throttle              a call fails without landing (throttled, 5xx)
 * @param sdkRetry              a write lands, its answer is lost, and the SDK sends it again
 * @param duplicate             SQS delivers a message twice at once
 * @param longWait              a message waits in the queue longer than {@code ReconcileAfterMinutes}
 * @param onDemandPasses        per mille of steps an on-demand reconciler pass starts (admin route, CLI)
 * @param operatorReplaces      an operator replaces the live sale once (PUT /api/admin/sales/{id})
 * @param skewMillis            clocks of two actors apart by up to this
 * @param maxSteps              steps before the storm ends (then the world heals and settles)
 * @param admissionFaults       the faults reach admission invocations too (crash, Lambda timeout, throttle,
 *                              timeout, SDK retry), the shopper retrying with the same request id: finding N1
 * @param lateCharges           a charge's answer may be lost with its request still on the way: the provider knows
 *                              nothing of it for up to two minutes (a refund then finds nothing to cancel), and
 *                              then it lands
 */
record Shape(int stock, int shards, int perUserLimit, int shoppers, int requestsPerShopper, int paymentMinutes,
             int reconcileAfterMinutes, int indexSettleMillis, int maxIndexLagMillis, int crash, int timeout,
             int throttle, int sdkRetry, int duplicate, int longWait, int onDemandPasses, boolean operatorReplaces,
             int skewMillis, int maxSteps, boolean admissionFaults, boolean lateCharges) {

    /** AWS behaviours the protocol is meant to survive today, on a small sale. */
    static Shape clean() {
        return new Shape(2, 1, 1, 4, 1, 1, 16, 1000, 0, 4, 4, 4, 0, 20, 0, 0, false, 1000, 400, false, false);
    }

    Shape withStock(int units, int shardCount) {
        return new Shape(units, shardCount, perUserLimit, shoppers, requestsPerShopper, paymentMinutes,
                reconcileAfterMinutes, indexSettleMillis, maxIndexLagMillis, crash, timeout, throttle, sdkRetry,
                duplicate, longWait, onDemandPasses, operatorReplaces, skewMillis, maxSteps, admissionFaults, lateCharges);
    }

    Shape withShoppers(int count, int requests, int limit) {
        return new Shape(stock, shards, limit, count, requests, paymentMinutes, reconcileAfterMinutes,
                indexSettleMillis, maxIndexLagMillis, crash, timeout, throttle, sdkRetry, duplicate, longWait,
                onDemandPasses, operatorReplaces, skewMillis, maxSteps, admissionFaults, lateCharges);
    }

    Shape withTimes(int payment, int reconcileAfter) {
        return new Shape(stock, shards, perUserLimit, shoppers, requestsPerShopper, payment, reconcileAfter,
                indexSettleMillis, maxIndexLagMillis, crash, timeout, throttle, sdkRetry, duplicate, longWait,
                onDemandPasses, operatorReplaces, skewMillis, maxSteps, admissionFaults, lateCharges);
    }

    Shape withFaults(int crashes, int timeouts, int throttles, int sdkRetries, int duplicates, int longWaits) {
        return new Shape(stock, shards, perUserLimit, shoppers, requestsPerShopper, paymentMinutes,
                reconcileAfterMinutes, indexSettleMillis, maxIndexLagMillis, crashes, timeouts, throttles,
                sdkRetries, duplicates, longWaits, onDemandPasses, operatorReplaces, skewMillis, maxSteps, admissionFaults, lateCharges);
    }

    /** F4: index reads later than the audit's settle. */
    Shape withIndexLag(int lagMillis) {
        return new Shape(stock, shards, perUserLimit, shoppers, requestsPerShopper, paymentMinutes,
                reconcileAfterMinutes, indexSettleMillis, lagMillis, crash, timeout, throttle, sdkRetry, duplicate,
                longWait, onDemandPasses, operatorReplaces, skewMillis, maxSteps, admissionFaults, lateCharges);
    }

    Shape withOnDemandPasses(int perMille) {
        return new Shape(stock, shards, perUserLimit, shoppers, requestsPerShopper, paymentMinutes,
                reconcileAfterMinutes, indexSettleMillis, maxIndexLagMillis, crash, timeout, throttle, sdkRetry,
                duplicate, longWait, perMille, operatorReplaces, skewMillis, maxSteps, admissionFaults, lateCharges);
    }

    Shape withOperator(boolean replaces) {
        return new Shape(stock, shards, perUserLimit, shoppers, requestsPerShopper, paymentMinutes,
                reconcileAfterMinutes, indexSettleMillis, maxIndexLagMillis, crash, timeout, throttle, sdkRetry,
                duplicate, longWait, onDemandPasses, replaces, skewMillis, maxSteps, admissionFaults, lateCharges);
    }

    Shape withMaxSteps(int steps) {
        return new Shape(stock, shards, perUserLimit, shoppers, requestsPerShopper, paymentMinutes,
                reconcileAfterMinutes, indexSettleMillis, maxIndexLagMillis, crash, timeout, throttle, sdkRetry,
                duplicate, longWait, onDemandPasses, operatorReplaces, skewMillis, steps, admissionFaults, lateCharges);
    }

    /** N1: the faults reach admission invocations too. */
    Shape withAdmissionFaults(boolean faulty) {
        return new Shape(stock, shards, perUserLimit, shoppers, requestsPerShopper, paymentMinutes,
                reconcileAfterMinutes, indexSettleMillis, maxIndexLagMillis, crash, timeout, throttle, sdkRetry,
                duplicate, longWait, onDemandPasses, operatorReplaces, skewMillis, maxSteps, faulty, lateCharges);
    }

    /** A fault-free world: what the storm settles into. */
    Shape healed() {
        return new Shape(stock, shards, perUserLimit, shoppers, requestsPerShopper, paymentMinutes,
                reconcileAfterMinutes, indexSettleMillis, 0, 0, 0, 0, 0, 0, 0, 0, false, skewMillis, maxSteps, admissionFaults, false);
    }

    /** The late charge: a charge's answer lost with its request still on the way to the provider. */
    Shape withLateCharges(boolean late) {
        return new Shape(stock, shards, perUserLimit, shoppers, requestsPerShopper, paymentMinutes,
                reconcileAfterMinutes, indexSettleMillis, maxIndexLagMillis, crash, timeout, throttle, sdkRetry,
                duplicate, longWait, onDemandPasses, operatorReplaces, skewMillis, maxSteps, admissionFaults, late);
    }
}
