package dev.flashsale.adapters.http;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownstreamFailureTest {

    @Test
    void isDownstream_shouldBeTrue_whenTheCacheIsUnreachableOrRestarting() {
        // given what Lettuce throws while the cache restarts: refused, timed out, closed under a command
        // when / then
        assertTrue(DownstreamFailure.isDownstream(new RedisConnectionException("Connection refused")));
        assertTrue(DownstreamFailure.isDownstream(new RedisCommandTimeoutException("Command timed out")));
        assertTrue(DownstreamFailure.isDownstream(new RedisException("Connection closed")));
    }

    @Test
    void isDownstream_shouldBeTrue_whenAnAwsServiceFailed() {
        assertTrue(DownstreamFailure.isDownstream(ProvisionedThroughputExceededException.builder().build()));
    }

    @Test
    void isDownstream_shouldBeFalse_whenTheCacheRefusedTheCommandItself() {
        // given a refusal that no retry mends: an ACL's NOPERM, a script error
        // when / then
        assertFalse(DownstreamFailure.isDownstream(new RedisCommandExecutionException("NOPERM no permissions")));
        assertFalse(DownstreamFailure.isDownstream(new IllegalStateException("a bug")));
    }
}
