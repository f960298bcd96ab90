package dev.flashsale.adapters.config;

/** How the functions sign in to the cache ({@code FLASHSALE_REDIS_AUTH}). */
public enum RedisAuth {
    /** No sign-in. */
    NONE,
    /** A SigV4 token per connection, as ElastiCache's IAM authentication wants. */
    IAM,
    /** The user's password, where there is no IAM (the local stack stands in for it so). */
    PASSWORD
}
