package dev.flashsale.adapters.secrets;

import dev.flashsale.adapters.config.FlashsaleSettings;
import dev.flashsale.adapters.config.OriginSecret;
import dev.flashsale.adapters.time.Ticker;
import dev.flashsale.core.hash.KeyedHash;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Secrets, read once per container (the origin secret every few minutes): from Secrets Manager when an id is configured (AWS), else from the plain
 * setting (a machine without a secret store). A missing challenge secret fails the container at start-up.
 */
@Factory
public class SecretsFactory {

    /** The challenge secret keys the system's one keyed hash: challenges, jitter, order ids, log pseudonyms. */
    @Singleton
    KeyedHash keyedHash(FlashsaleSettings settings, SdkHttpClient http) {
        String secret = settings.getChallengeSecretId() != null
                ? read(settings.getChallengeSecretId(), http)
                : settings.getChallengeSecret();
        if (secret == null || secret.length() < 32) {
            throw new ConfigurationException("set FLASHSALE_CHALLENGE_SECRET_ID (a Secrets Manager secret) or "
                    + "FLASHSALE_CHALLENGE_SECRET (at least 32 characters)");
        }
        return new KeyedHash(secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The origin secret CloudFront sends; empty when none is configured (the viewer header is then never trusted).
     * From Secrets Manager it is read again every few minutes, so that a rotation reaches a long-lived container.
     */
    @Singleton
    @Named("origin")
    OriginSecret originSecret(FlashsaleSettings settings, SdkHttpClient http, Ticker ticker) {
        String secretId = settings.getOriginSecretId();
        if (secretId == null) {
            return new OriginSecret(Optional.ofNullable(settings.getOriginSecret()));
        }
        SecretsManagerClient client = SecretsManagerClient.builder().httpClient(http).build(); // the container's
        return new OriginSecret(() -> Optional.of(client.getSecretValue(b -> b.secretId(secretId)).secretString()),
                ticker);
    }

    private static String read(String secretId, SdkHttpClient http) {
        try (SecretsManagerClient client = SecretsManagerClient.builder().httpClient(http).build()) {
            return client.getSecretValue(b -> b.secretId(secretId)).secretString();
        }
    }
}
