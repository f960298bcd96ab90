package dev.flashsale.tests.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the product, checked on the compiled classes of every module (this module sees them all through
 * the local runner): the core knows nothing of the outside, one adapter family never reaches into another, and
 * the functions use the core's operations rather than the stores. Test classes are left out.
 */
@AnalyzeClasses(packages = "dev.flashsale", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    /** The function modules: their handlers and routes. */
    private static final String[] FUNCTIONS = {
            "dev.flashsale.admission..", "dev.flashsale.admin..", "dev.flashsale.orders..", "dev.flashsale.reconciler.."};

    /**
     * Packages of {@code adapters} every family may use, since none of them is an outside thing: {@code config}
     * (the one validated settings object and the backend qualifiers each adapter is selected by), {@code time}
     * (the monotonic ticker), {@code snapstart} (the container's random source, re-seeded after a restore) and
     * {@code observability} (the one writer of log lines and metrics).
     */
    private static final String[] SHARED_ADAPTER_PACKAGES = {
            "dev.flashsale.adapters.config..", "dev.flashsale.adapters.time..", "dev.flashsale.adapters.snapstart..",
            "dev.flashsale.adapters.observability.."};

    /** The composition root: it gives each core service its adapters, so it sees every family. */
    private static final String WIRING = "dev.flashsale.adapters.wiring..";

    @ArchTest
    static final ArchRule core_shouldImportNothingOfAwsMicronautOrTheAdapters = noClasses()
            .that().resideInAPackage("dev.flashsale.core..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..",
                    "io.micronaut..", "io.lettuce..", "dev.flashsale.adapters..")
            .because("the core is tested with in-memory fakes and runs in a simulation: no AWS, Micronaut, "
                    + "Redis client or adapter type may reach it");

    @ArchTest
    static final ArchRule adapterFamily_shouldNotImportAnotherFamily = slices()
            .matching("dev.flashsale.adapters.(*)..").namingSlices("adapters.$1")
            .should().notDependOnEachOther()
            .ignoreDependency(resideInAnyPackage(WIRING), DescribedPredicate.alwaysTrue())
            .ignoreDependency(DescribedPredicate.alwaysTrue(), resideInAnyPackage(SHARED_ADAPTER_PACKAGES))
            .because("adapters are grouped by the outside thing; what two of them share goes through the core's "
                    + "ports, wired in adapters.wiring");

    @ArchTest
    static final ArchRule functions_shouldNotReachAStoreDirectly = noClasses()
            .that().resideInAnyPackage(FUNCTIONS)
            .should().dependOnClassesThat(storeTypes())
            .because("handlers use the core's operations; the stores are the core's ports, given to it by "
                    + "adapters.wiring");

    /**
     * The core's ports and the store adapters (DynamoDB, Redis, SQS). The order queue's message shape is the one
     * exception: the queue adapter writes it and the order function reads it (its inbound mapping).
     */
    private static DescribedPredicate<JavaClass> storeTypes() {
        return resideInAnyPackage("dev.flashsale.core.port..", "dev.flashsale.adapters.dynamodb..",
                "dev.flashsale.adapters.redis..", "dev.flashsale.adapters.sqs..")
                .and(DescribedPredicate.not(name("dev.flashsale.adapters.sqs.ReservationMessage")))
                .as("a store port (core.port) or a store adapter (adapters.dynamodb, redis, sqs)");
    }
}
