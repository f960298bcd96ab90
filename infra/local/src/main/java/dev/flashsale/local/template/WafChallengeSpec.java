package dev.flashsale.local.template;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.flashsale.local.template.TemplateNodes.listOfMaps;
import static dev.flashsale.local.template.TemplateNodes.map;

/**
 * The URI paths the template's web ACL answers with AWS WAF's Challenge (its rules whose action is
 * {@code Challenge}, matching {@code UriPath} by byte match, alone or in an {@code OrStatement}). Read whatever
 * {@code WafEnabled} says: locally the challenge is a switch a test turns on.
 */
public final class WafChallengeSpec {

    /** A {@code ByteMatchStatement} on the URI path: {@code EXACTLY}, {@code STARTS_WITH}, {@code ENDS_WITH}, {@code CONTAINS}. */
    public record UriMatch(String positionalConstraint, String searchString) {

        public boolean matches(String path) {
            return switch (positionalConstraint) {
                case "EXACTLY" -> path.equals(searchString);
                case "STARTS_WITH" -> path.startsWith(searchString);
                case "ENDS_WITH" -> path.endsWith(searchString);
                case "CONTAINS" -> path.contains(searchString);
                default -> false;
            };
        }
    }

    private WafChallengeSpec() {
    }

    public static List<UriMatch> read(Path templateFile) throws IOException {
        List<UriMatch> matches = new ArrayList<>();
        map(CloudFormationYaml.read(templateFile).get("Resources")).values().forEach(resource -> {
            if (!"AWS::WAFv2::WebACL".equals(map(resource).get("Type"))) {
                return;
            }
            for (Map<String, Object> rule : listOfMaps(map(map(resource).get("Properties")).get("Rules"))) {
                if (map(rule.get("Action")).containsKey("Challenge")) {
                    collect(map(rule.get("Statement")), matches);
                }
            }
        });
        return List.copyOf(matches);
    }

    private static void collect(Map<String, Object> statement, List<UriMatch> into) {
        for (Map<String, Object> inner : listOfMaps(map(statement.get("OrStatement")).get("Statements"))) {
            collect(inner, into);
        }
        Map<String, Object> byteMatch = map(statement.get("ByteMatchStatement"));
        if (map(byteMatch.get("FieldToMatch")).containsKey("UriPath")) {
            into.add(new UriMatch(String.valueOf(byteMatch.get("PositionalConstraint")),
                    String.valueOf(byteMatch.get("SearchString"))));
        }
    }
}
