package dev.flashsale.tests.faults;

/** The fault sales on the redis backend. */
class FaultInjectionRedisIT extends FaultInjectionIT {

    FaultInjectionRedisIT() {
        super("redis");
    }
}
