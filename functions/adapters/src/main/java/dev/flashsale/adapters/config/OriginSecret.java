package dev.flashsale.adapters.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The value CloudFront puts in {@code X-Origin-Verify}, proving a request came through the distribution. */
public final class OriginSecret {

    private final Optional<byte[]> value;

    public OriginSecret(Optional<String> value) {
        this.value = value.map(v -> v.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isConfigured() {
        return value.isPresent();
    }

    /** Constant-time comparison; false when no secret is configured. */
    public boolean isPresentIn(String header) {
        return value.isPresent() && header != null
                && MessageDigest.isEqual(value.get(), header.getBytes(StandardCharsets.UTF_8));
    }
}
