package dev.flashsale.admin;

import dev.flashsale.adapters.http.JsonShape;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.flashsale.core.guard.BlockEntry;
import dev.flashsale.core.guard.IpRange;
import dev.flashsale.core.sale.UserIds;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Optional;

/** {@code POST /api/admin/blocklist}: {@code {"type":"user"|"ip","value":...,"ttlSeconds":optional,"reason":optional}}. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record BlockBody(String type, String value, Long ttlSeconds, String reason) {

    static final long MAX_TTL_SECONDS = 366L * 24 * 3600;
    static final JsonShape SHAPE = JsonShape.object().string("type").string("value")
            .integer("ttlSeconds", Long.MIN_VALUE, Long.MAX_VALUE).string("reason").closed();

    public static Optional<String> problem(String type, String value) {
        Optional<BlockEntry.Type> parsed = BlockEntry.Type.fromWire(type);
        if (parsed.isEmpty()) {
            return Optional.of("type must be user or ip");
        }
        if (parsed.get() == BlockEntry.Type.USER) {
            return UserIds.problem("value", value);
        }
        return IpRange.parse(value).isPresent() ? Optional.empty()
                : Optional.of("value must be an IPv4 or IPv6 address or CIDR range, such as 203.0.113.0/24");
    }

    public Optional<String> problem() {
        Optional<String> problem = problem(type, value);
        if (problem.isPresent()) {
            return problem;
        }
        if (ttlSeconds != null && (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS)) {
            return Optional.of("ttlSeconds must be 1.." + MAX_TTL_SECONDS);
        }
        if (reason != null && reason.length() > 200) {
            return Optional.of("reason must be at most 200 characters");
        }
        return Optional.empty();
    }

    public BlockEntry toEntry(Instant now) {
        return new BlockEntry(BlockEntry.Type.fromWire(type).orElseThrow(), value.strip(),
                reason == null ? "manual" : reason, now, ttlSeconds == null ? null : now.plusSeconds(ttlSeconds));
    }
}
