package dev.flashsale.reconciler;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.List;

/** A stack without a WAF: the blocklist is enforced by the admission function alone. */
@Singleton
@Requires(missingProperty = "flashsale.waf-ip-set-id")
public class NoAddressBlocklistMirror implements AddressBlocklistMirror {

    @Override
    public int mirror(List<String> ranges) {
        return 0;
    }
}
