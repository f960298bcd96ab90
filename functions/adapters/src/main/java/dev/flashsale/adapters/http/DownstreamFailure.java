package dev.flashsale.adapters.http;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A failure of a store or queue the request needed (DynamoDB, SQS, Redis unreachable, timed out, restarting): the
 * client may retry, so it is a 503, not a 500. A command Redis refused (a script error, an ACL's NOPERM) is a bug
 * in this code, and stays a 500.
 */
final class DownstreamFailure {

    private DownstreamFailure() {
    }

    static boolean isDownstream(RuntimeException failure) {
        return failure instanceof SdkException
                || failure instanceof RedisException && !(failure instanceof RedisCommandExecutionException);
    }
}
