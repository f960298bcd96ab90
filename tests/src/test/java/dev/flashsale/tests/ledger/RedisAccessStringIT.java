package dev.flashsale.tests.ledger;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.adapters.config.RedisAuth;
import dev.flashsale.adapters.redis.SaleKeys;
import dev.flashsale.core.cache.CacheRecovery;
import dev.flashsale.core.port.BotSignals;
import dev.flashsale.core.port.ChallengeLedger;
import dev.flashsale.core.port.RateLimiter;
import dev.flashsale.core.port.StockLedger;
import dev.flashsale.core.purchase.OrderIds;
import dev.flashsale.core.purchase.Reservation;
import dev.flashsale.core.purchase.ReservationOutcome;
import dev.flashsale.core.sale.Protection;
import dev.flashsale.core.sale.Sale;
import dev.flashsale.core.sale.SaleAdministration;
import dev.flashsale.local.cloud.RedisCacheServer;
import dev.flashsale.local.template.Specs;
import dev.flashsale.tests.LocalCloudFixture;
import io.lettuce.core.RedisCommandExecutionException;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The functions work on Redis as the template's ElastiCache user, with its access string as written: the local
 * Redis gets that user (a password standing in for IAM) and the default user as the template sets it (off), and
 * the functions sign in as the user the template names. An access string that leaves out a key the code uses
 * fails here, as it would in AWS.
 */
class RedisAccessStringIT {

    /** The access string the template had before: {@code ~{sale:*}} matches only keys that end in '}'. */
    private static final String FIRST_ACCESS_STRING = "on ~{sale:*} ~order:* ~rate:* ~signal:* ~challenge:* +@all -@dangerous";

    private static ApplicationContext context;
    private static Specs.CacheUser functionsUser;
    private final Instant now = Instant.now();

    @BeforeAll
    static void start() throws Exception {
        context = LocalCloudFixture.contextOf("AdmissionFunction", Map.of("FLASHSALE_STOCK_BACKEND", "redis"));
        String userName = context.getBean(FlashsaleSettings.class).getRedisUser();
        functionsUser = LocalCloudFixture.template().cacheUsers(LocalCloudFixture.cloud().physicalIds()).stream()
                .filter(user -> user.userName().equals(userName)).findFirst().orElseThrow();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static Sale sale(String id, int stock, Instant now) {
        return new Sale(id, "ACL", stock, now.minusSeconds(60), now.plusSeconds(3600), 1, 2, Protection.DEFAULTS);
    }

    @Test
    void everyRedisPath_shouldWork_whenRunAsTheTemplatesCacheUser() {
        // given: a function context signed in as the template's user (IAM there, its password here)
        assertEquals("iam", functionsUser.authentication());
        assertEquals(RedisAuth.PASSWORD, context.getBean(FlashsaleSettings.class).getRedisAuth());
        StockLedger ledger = context.getBean(StockLedger.class);
        Sale sale = sale("acl-" + UUID.randomUUID().toString().substring(0, 8), 3, now);

        // when: every path that touches Redis
        context.getBean(SaleAdministration.class).put(sale);                                  // open: meta, stock
        ReservationOutcome first = ledger.reserve(sale, "u1", 1, OrderIds.next(), now);      // reserve script
        ReservationOutcome second = ledger.reserve(sale, "u2", 1, OrderIds.next(), now);
        Reservation claimed = ((ReservationOutcome.Reserved) first).reservation();
        Reservation released = ((ReservationOutcome.Reserved) second).reservation();
        boolean claim = ledger.claim(claimed);                                                // claim script
        boolean release = ledger.release(released);                                           // release script
        boolean found = ledger.findReservation(claimed.orderId()).isPresent();                // order index
        int stale = ledger.staleReservations(sale, now.plusSeconds(1)).size();                // reservations hash
        boolean synced = context.getBean(CacheRecovery.class).rebuild(sale);                  // stock sync
        long remaining = ledger.remaining(sale);                                              // stock MGET
        boolean allowed = context.getBean(RateLimiter.class).tryAcquire("ip:203.0.113.9", 5, now).allowed();
        boolean consumed = context.getBean(ChallengeLedger.class).consume("c-" + UUID.randomUUID(), now.plusSeconds(60));
        long signals = context.getBean(BotSignals.class).record("user:acl", now);

        // then
        assertInstanceOf(ReservationOutcome.Reserved.class, second);
        assertTrue(claim);
        assertTrue(release);
        assertTrue(found);
        assertEquals(0, stale, "a claimed reservation is not stale");
        assertTrue(synced);
        assertEquals(3, remaining, "rebuilt from DynamoDB, where nothing was counted yet");
        assertTrue(allowed);
        assertTrue(consumed);
        assertEquals(1, signals);
    }

    @Test
    void dryRun_shouldAllowEveryKeyTheCodeUses_forTheTemplatesUserOnly() throws Exception {
        // given
        RedisCacheServer redis = LocalCloudFixture.cloud().redis();
        SaleKeys keys = new SaleKeys("abc");
        List<String> used = new ArrayList<>(List.of(keys.forReserve("o1", 2)));
        used.addAll(List.of("order:o1", "rate:{ip:203.0.113.9}", "signal:{user:u1}:29000000", "challenge:c1"));

        // then: the functions' user may read and run scripts on each; a client without a user may do nothing
        for (String key : used) {
            assertEquals("OK", redis.dryRun(functionsUser.userName(), "GET", key), key);
            assertEquals("OK", redis.dryRun(functionsUser.userName(), "EVALSHA",
                    "0000000000000000000000000000000000000000", "1", key), key);
        }
        assertTrue(redis.dryRun(functionsUser.userName(), "FLUSHALL").contains("no permissions"));
        assertTrue(redis.dryRun(functionsUser.userName(), "GET", "other:key").contains("no permissions"));
        assertTrue(redis.dryRun("default", "GET", "order:o1").contains("no permissions"));
    }

    @Test
    void reserve_shouldBeRefused_whenTheUserHasTheFirstAccessString() throws Exception {
        // given: a Redis whose user has the access string the template first had
        RedisCacheServer redis = RedisCacheServer.start();
        String password = "first-access-string-password";
        Specs.CacheUser first = new Specs.CacheUser("StockCacheUser", functionsUser.userName(), FIRST_ACCESS_STRING,
                "iam");
        redis.createUsers(List.of(first), Map.of(first.userName(), password));
        try (ApplicationContext old = LocalCloudFixture.contextOf("AdmissionFunction", Map.of(
                "FLASHSALE_STOCK_BACKEND", "redis",
                "FLASHSALE_REDIS_URL", redis.url(),
                "FLASHSALE_REDIS_PASSWORD", password))) {
            Sale sale = sale("acl-old-" + UUID.randomUUID().toString().substring(0, 8), 3, now);

            // when / then: the sale cannot even be opened, as a deployed stack would have found out
            assertTrue(redis.dryRun(first.userName(), "GET", new SaleKeys("abc").meta()).contains("no permissions"));
            RedisCommandExecutionException refused = assertThrows(RedisCommandExecutionException.class,
                    () -> old.getBean(SaleAdministration.class).put(sale));
            assertTrue(refused.getMessage().startsWith("NOPERM"), refused.getMessage());
            assertFalse(old.getBean(RateLimiter.class).tryAcquire("ip:198.51.100.1", 5, now).retryAfterSeconds() > 0,
                    "keys outside a sale were always allowed");
        } finally {
            redis.close();
        }
    }
}
