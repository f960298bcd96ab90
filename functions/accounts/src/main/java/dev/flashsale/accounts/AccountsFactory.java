package dev.flashsale.accounts;

import dev.flashsale.core.account.AccountCreation;
import dev.flashsale.core.port.AccountAttributes;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

@Factory
public class AccountsFactory {

    @Singleton
    AccountCreation accountCreation(AccountAttributes attributes, Clock clock) {
        return new AccountCreation(attributes, clock);
    }
}
