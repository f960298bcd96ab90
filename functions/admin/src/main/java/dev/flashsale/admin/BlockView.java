package dev.flashsale.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flashsale.core.guard.BlockEntry;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** A blocklist entry as the admin API shows it. */
@Serdeable
public record BlockView(String type, String value, String reason, String createdAt,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String expiresAt) {

    public static BlockView of(BlockEntry entry) {
        return new BlockView(entry.type().wire(), entry.value(), entry.reason(), entry.createdAt().toString(),
                entry.expiresAt() == null ? null : entry.expiresAt().toString());
    }

    /** {@code GET /api/admin/blocklist} (and its alias {@code /api/admin/blacklist}). */
    @Serdeable
    public record Listing(List<BlockView> entries) {
    }

    /** {@code DELETE /api/admin/blocklist}. */
    @Serdeable
    public record Removal(String type, String value, boolean removed) {
    }
}
