package dev.flashsale.core.sale;

import dev.flashsale.core.decision.Admission.Refused;
import dev.flashsale.core.decision.Refusal;

import java.time.Instant;
import java.util.Optional;

/**
 * Which accounts may buy in a sale: only those created before {@code accountsCreatedBefore} (null: any age), only
 * those with a verified email ({@code requireVerifiedEmail}). Accounts cost nothing, so a sale that wants one unit
 * per person asks for accounts made before it was announced; neither option proves a person, each raises the cost
 * of another account. An account whose age or email is not vouched for by its token is refused: what cannot be
 * shown is not assumed.
 */
public record Eligibility(Instant accountsCreatedBefore, boolean requireVerifiedEmail) {

    public static final Eligibility ANYONE = new Eligibility(null, false);

    /** Why {@code account} may not buy in this sale, checked before anything else touches stock. */
    public Optional<Refused> refusal(Account account) {
        Account known = account == null ? Account.UNKNOWN : account;
        if (accountsCreatedBefore != null
                && (known.createdAt() == null || !known.createdAt().isBefore(accountsCreatedBefore))) {
            return Optional.of(new Refused(Refusal.ACCOUNT_TOO_NEW, "This sale is for accounts created before "
                    + accountsCreatedBefore + "."));
        }
        if (requireVerifiedEmail && !known.emailVerified()) {
            return Optional.of(new Refused(Refusal.EMAIL_NOT_VERIFIED,
                    "This sale is for accounts with a verified email address; verify yours, sign in again and retry."));
        }
        return Optional.empty();
    }
}
