package dev.flashsale.core.sale;

import java.time.Instant;

/**
 * What the shopper's verified token says about their account: when it was created (null: the token does not
 * say) and whether its email address is verified. Only the identity provider's claims fill it, never the request.
 */
public record Account(Instant createdAt, boolean emailVerified) {

    public static final Account UNKNOWN = new Account(null, false);
}
