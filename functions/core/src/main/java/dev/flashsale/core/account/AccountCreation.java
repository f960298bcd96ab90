package dev.flashsale.core.account;

import dev.flashsale.core.port.AccountAttributes;

import java.time.Clock;
import java.util.Map;

/**
 * When an account was made, for sales open only to accounts made before a given time
 * ({@code protection.accountsCreatedBefore}): stamped once, when the sign-up is confirmed, as epoch seconds in the
 * attribute the ID token carries ({@code custom:created_at}). A confirmation of a password reset, or an account
 * that has its stamp already, is left as it is: a new confirmation never makes an account younger or older.
 */
public final class AccountCreation {

    public static final String ATTRIBUTE = "custom:created_at";

    /** What confirmed the account: its sign-up, or a reset of its password (which changes nothing here). */
    public enum Confirmation { SIGN_UP, PASSWORD_RESET }

    private final AccountAttributes attributes;
    private final Clock clock;

    public AccountCreation(AccountAttributes attributes, Clock clock) {
        this.attributes = attributes;
        this.clock = clock;
    }

    /** Stamps the account now unless it has its stamp; true when it was stamped. */
    public boolean confirmed(String poolId, String userName, Confirmation confirmation,
                             Map<String, String> currentAttributes) {
        if (confirmation != Confirmation.SIGN_UP || hasStamp(currentAttributes)) {
            return false;
        }
        attributes.set(poolId, userName, ATTRIBUTE, Long.toString(clock.instant().getEpochSecond()));
        return true;
    }

    private static boolean hasStamp(Map<String, String> currentAttributes) {
        String stamp = currentAttributes == null ? null : currentAttributes.get(ATTRIBUTE);
        return stamp != null && !stamp.isBlank();
    }
}
