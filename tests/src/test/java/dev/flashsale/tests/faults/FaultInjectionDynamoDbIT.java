package dev.flashsale.tests.faults;

/** The fault sales on the dynamodb backend. */
class FaultInjectionDynamoDbIT extends FaultInjectionIT {

    FaultInjectionDynamoDbIT() {
        super("dynamodb");
    }
}
