package dev.flashsale.local.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.flashsale.local.JsonText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.flashsale.local.template.TemplateNodes.map;

/**
 * A Secrets Manager secret's string as the template makes it ({@code GenerateSecretString}: a generated value, or
 * a JSON object of {@code SecretStringTemplate} with the value under {@code GenerateStringKey}), and a
 * {@code {{resolve:secretsmanager:ID:SecretString[:key]}}} reference resolved against it, as CloudFormation does.
 */
public final class SecretStrings {

    /** A dynamic reference: the secret (a name or an ARN) and the JSON key, if any. */
    public record Reference(String secretId, String jsonKey) {
    }

    private static final Pattern REFERENCE =
            Pattern.compile("\\{\\{resolve:secretsmanager:(.+?):SecretString(?::([^:}]*))?}}");
    private static final JsonFactory JSON = new JsonFactory();

    private SecretStrings() {
    }

    /** The reference {@code value} is, or null when it is no Secrets Manager dynamic reference. */
    public static Reference reference(String value) {
        Matcher matcher = value == null ? null : REFERENCE.matcher(value);
        if (matcher == null || !matcher.matches()) {
            return null;
        }
        String key = matcher.group(2);
        return new Reference(matcher.group(1), key == null || key.isEmpty() ? null : key);
    }

    /** The first value of a secret of these properties, {@code random} the generated part. */
    public static String generated(Map<String, Object> secretProperties, String random) {
        Map<String, Object> generate = map(secretProperties.get("GenerateSecretString"));
        Object key = generate.get("GenerateStringKey");
        if (key == null) {
            return random;
        }
        String template = String.valueOf(generate.getOrDefault("SecretStringTemplate", "{}")).strip();
        String body = template.substring(1, template.length() - 1).strip();
        return "{" + body + (body.isEmpty() ? "" : ",") + JsonText.quote(String.valueOf(key)) + ":"
                + JsonText.quote(random) + "}";
    }

    /**
     * What the reference resolves to in {@code secretString}: all of it without a key, else the key's value.
     * A key the secret lacks fails, as CloudFormation fails the deploy.
     */
    public static String resolve(String secretString, String jsonKey) {
        if (jsonKey == null) {
            return secretString;
        }
        try (JsonParser parser = JSON.createParser(secretString)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if (name.equals(jsonKey)) {
                        return parser.getValueAsString();
                    }
                    parser.skipChildren();
                }
            }
        } catch (IOException unparsable) {
            throw new UncheckedIOException("the secret is not JSON, so it has no key " + jsonKey, unparsable);
        }
        throw new IllegalStateException("the secret has no key " + jsonKey
                + ": CloudFormation would fail the deploy resolving this dynamic reference");
    }
}
