package dev.flashsale.local.simulate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

/**
 * The ID tokens a scripted solver without an account makes from a real one: signed with its own key, with
 * {@code alg: none}, with an HMAC keyed on the public key set (the algorithm-confusion attack), and one with an
 * edited payload under the original signature. The gateway must refuse every one.
 */
final class ForgedTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ForgedTokens() {
    }

    static List<String> forge(ApiClient api) {
        try {
            String real = api.signIn("forger-template");
            String[] parts = real.split("\\.");
            String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            String claims = encode(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("\"forger-template\"", "\"scripted-solver\""));

            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair own = generator.generateKeyPair();
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(own.getPrivate());
            String selfSignedInput = parts[0] + "." + claims;
            rsa.update(selfSignedInput.getBytes(StandardCharsets.US_ASCII));
            String selfSigned = selfSignedInput + "." + B64.encodeToString(rsa.sign());

            String none = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + claims + ".";

            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(api.get("/auth/local/.well-known/jwks.json").rawBody()
                    .getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String hsInput = encode(header.replace("RS256", "HS256")) + "." + claims;
            String confused = hsInput + "." + B64.encodeToString(hmac.doFinal(hsInput.getBytes(StandardCharsets.US_ASCII)));

            String edited = parts[0] + "." + claims + "." + parts[2];
            return List.of(selfSigned, none, confused, edited);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
