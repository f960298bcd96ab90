package dev.flashsale.local.cli;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

/**
 * {@code flashsale origin-secret rotate --secret-id ID}: writes the origin secret's next value (the old one kept as
 * previous) and prints the deploy that makes CloudFront and the API key take it. Never prints a secret's value.
 */
public final class OriginSecretCommand {

    /** Where the secret is read and written: Secrets Manager, or a test's map. */
    public interface SecretStore {
        String read(String secretId);

        void write(String secretId, String secretString);
    }

    /** How long the functions may keep the values they read (their OriginSecret's refresh): wait this, then deploy. */
    static final Duration FUNCTIONS_REFRESH = Duration.ofMinutes(5);

    private final PrintStream out;
    private final PrintStream err;
    private final SecureRandom random;

    public OriginSecretCommand(PrintStream out, PrintStream err, SecureRandom random) {
        this.out = out;
        this.err = err;
        this.random = random;
    }

    /** The command with its flags; the exit status. */
    public int run(String action, Map<String, String> flags) {
        if (!"rotate".equals(action) || !flags.containsKey("secret-id")
                || !flags.keySet().stream().allMatch(f -> f.equals("secret-id") || f.equals("profile") || f.equals("region"))) {
            err.println("usage: flashsale origin-secret rotate --secret-id ID [--profile P] [--region R]");
            return 2;
        }
        try {
            return rotate(secretsManager(flags.get("profile"), flags.get("region")), flags.get("secret-id"));
        } catch (RuntimeException failed) {
            err.println("flashsale: cannot rotate the origin secret: " + failed.getMessage());
            return 1;
        }
    }

    /** Rotates the secret in {@code store}; the exit status. */
    public int rotate(SecretStore store, String secretId) {
        String before;
        try {
            before = store.read(secretId);
        } catch (RuntimeException unreadable) {
            err.println("flashsale: cannot read the origin secret " + secretId + ": " + unreadable.getMessage());
            return 1;
        }
        OriginSecretRotation.Rotated rotated;
        try {
            rotated = OriginSecretRotation.rotate(before, OriginSecretRotation.newValue(random));
        } catch (IllegalArgumentException bad) {
            err.println("flashsale: " + bad.getMessage());
            return 1;
        }
        store.write(secretId, rotated.secretString());
        out.println("origin secret rotated to generation " + rotated.generation()
                + " (the functions accept the new and the previous value).");
        out.println("1. wait " + FUNCTIONS_REFRESH.toMinutes() + " minutes: every function container re-reads the secret.");
        out.println("2. set OriginSecretGeneration=" + rotated.generation()
                + " in samconfig.toml's parameter_overrides, then deploy (./flashsale deploy, or sam deploy"
                + " --parameter-overrides ... OriginSecretGeneration=" + rotated.generation() + ").");
        out.println("Rotate again only after that deploy: the value before the previous one is no longer accepted.");
        return 0;
    }

    private static SecretStore secretsManager(String profile, String region) {
        DefaultCredentialsProvider.Builder credentials = DefaultCredentialsProvider.builder();
        if (profile != null) {
            credentials.profileName(profile);
        }
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(credentials.build());
        if (region != null) {
            builder.region(Region.of(region));
        }
        SecretsManagerClient client = builder.build();
        return new SecretStore() {
            @Override
            public String read(String secretId) {
                return client.getSecretValue(b -> b.secretId(secretId)).secretString();
            }

            @Override
            public void write(String secretId, String secretString) {
                client.putSecretValue(b -> b.secretId(secretId).secretString(secretString));
            }
        };
    }
}
