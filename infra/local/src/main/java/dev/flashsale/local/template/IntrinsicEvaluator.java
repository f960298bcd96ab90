package dev.flashsale.local.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.flashsale.local.template.TemplateNodes.list;

/**
 * CloudFormation's intrinsic functions as the local runner evaluates them: {@code Ref} (parameters, pseudo
 * parameters, resources), {@code GetAtt}, {@code Sub}, {@code If} and the condition functions, in short form
 * ({@link Intrinsic}) or long form ({@code {"Fn::Sub": ...}}), against the local stack's {@link
 * StackTemplate.PhysicalIds}.
 */
public final class IntrinsicEvaluator {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    /** The local stack's name; its id's last part is a UUID made from the name, as CloudFormation gives one. */
    public static final String LOCAL_STACK_NAME = "flashsale-local";

    private final Map<String, Object> conditions;
    private final Map<String, String> parameters;
    private final Map<String, String> pseudo;

    /** {@code conditions}: the template's {@code Conditions}; {@code parameters}: values after overrides. */
    public IntrinsicEvaluator(Map<String, Object> conditions, Map<String, String> parameters) {
        this(conditions, parameters, LOCAL_STACK_NAME, "us-east-1");
    }

    /** As a stack named {@code stackName} in {@code region} sees the template (a deploy's view, in tests). */
    public IntrinsicEvaluator(Map<String, Object> conditions, Map<String, String> parameters, String stackName,
                              String region) {
        this.conditions = conditions;
        this.parameters = parameters;
        String account = "000000000000";
        this.pseudo = Map.of("AWS::Region", region, "AWS::AccountId", account, "AWS::StackName", stackName,
                "AWS::StackId", "arn:aws:cloudformation:" + region + ":" + account + ":stack/" + stackName + "/"
                        + java.util.UUID.nameUUIDFromBytes((region + "/" + stackName).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)),
                "AWS::Partition", "aws", "AWS::URLSuffix", "amazonaws.com");
    }

    /** A template value's local string form; null for {@code AWS::NoValue} or an absent value. */
    public String resolve(Object value, StackTemplate.PhysicalIds ids) {
        if (value == null) {
            return null;
        }
        if (value instanceof Intrinsic intrinsic) {
            return resolveIntrinsic(intrinsic.function(), intrinsic.argument(), ids);
        }
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            String key = String.valueOf(m.keySet().iterator().next());
            if (key.equals("Ref") || key.startsWith("Fn::")) {
                return resolveIntrinsic(key.equals("Ref") ? "Ref" : key.substring(4), m.values().iterator().next(), ids);
            }
        }
        return String.valueOf(value);
    }

    /** Whether the template's condition {@code name} holds. */
    public boolean condition(String name, StackTemplate.PhysicalIds ids) {
        Object definition = conditions.get(name);
        if (definition == null) {
            throw new IllegalArgumentException("no condition named " + name);
        }
        return evaluate(definition, ids);
    }

    /** {@code !GetAtt X.Attr} or {@code [X, Attr]}: the logical id and the attribute. */
    public static String[] getAttParts(Object argument) {
        if (argument instanceof List<?> l) {
            return new String[]{String.valueOf(l.get(0)), String.valueOf(l.get(1))};
        }
        String text = String.valueOf(argument);
        int dot = text.indexOf('.');
        return new String[]{text.substring(0, dot), text.substring(dot + 1)};
    }

    private String resolveIntrinsic(String function, Object argument, StackTemplate.PhysicalIds ids) {
        switch (function) {
            case "Ref":
                return ref(String.valueOf(argument), ids);
            case "GetAtt": {
                String[] parts = getAttParts(argument);
                return ids.attribute(parts[0], parts[1]);
            }
            case "Sub": {
                // !Sub [text, {Name: value}]: the map's names first, then references and attributes.
                Map<?, ?> variables = argument instanceof List<?> l && l.size() > 1 && l.get(1) instanceof Map<?, ?> m
                        ? m : Map.of();
                return substitute(argument instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(argument),
                        name -> variables.containsKey(name) ? resolve(variables.get(name), ids) : name.contains(".")
                                ? ids.attribute(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1))
                                : ref(name, ids));
            }
            case "Select": {
                // Only over a !Split, the one list-valued function the template uses.
                List<Object> args = list(argument);
                int index = Integer.parseInt(String.valueOf(args.get(0)).trim());
                return split(args.get(1), ids).get(index);
            }
            case "If": {
                List<Object> args = list(argument);
                return condition(String.valueOf(args.get(0)), ids) ? resolve(args.get(1), ids) : resolve(args.get(2), ids);
            }
            default:
                throw new IllegalArgumentException("the local runner does not resolve !" + function);
        }
    }

    private String ref(String name, StackTemplate.PhysicalIds ids) {
        if (pseudo.containsKey(name)) {
            return pseudo.get(name);
        }
        if (name.equals("AWS::NoValue")) {
            return null;
        }
        return parameters.containsKey(name) ? parameters.get(name) : ids.ref(name);
    }

    /** {@code !Split [delimiter, text]}: the parts of the resolved text. */
    private List<String> split(Object value, StackTemplate.PhysicalIds ids) {
        Object function = value instanceof Intrinsic i ? i.function()
                : value instanceof Map<?, ?> m && m.size() == 1 ? m.keySet().iterator().next() : null;
        Object argument = value instanceof Intrinsic i ? i.argument()
                : value instanceof Map<?, ?> m && m.size() == 1 ? m.values().iterator().next() : null;
        if (!"Split".equals(function) && !"Fn::Split".equals(function)) {
            throw new IllegalArgumentException("the local runner selects from a !Split only: " + value);
        }
        List<Object> args = list(argument);
        return List.of(String.valueOf(resolve(args.get(1), ids)).split(Pattern.quote(String.valueOf(args.get(0))), -1));
    }

    private boolean evaluate(Object expression, StackTemplate.PhysicalIds ids) {
        if (!(expression instanceof Intrinsic intrinsic)) {
            if (expression instanceof Map<?, ?> m && m.containsKey("Condition")) {
                return condition(String.valueOf(m.get("Condition")), ids);
            }
            throw new IllegalArgumentException("not a condition: " + expression);
        }
        List<Object> args = intrinsic.argument() instanceof List<?> l ? new ArrayList<>(l) : List.of(intrinsic.argument());
        switch (intrinsic.function()) {
            case "Equals":
                return String.valueOf(resolve(args.get(0), ids)).equals(String.valueOf(resolve(args.get(1), ids)));
            case "Not":
                return !evaluate(args.get(0), ids);
            case "And":
                return args.stream().allMatch(a -> evaluate(a, ids));
            case "Or":
                return args.stream().anyMatch(a -> evaluate(a, ids));
            case "Condition":
                return condition(String.valueOf(args.get(0)), ids);
            default:
                throw new IllegalArgumentException("unsupported condition function " + intrinsic.function());
        }
    }

    private static String substitute(String text, Function<String, String> lookup) {
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(lookup.apply(matcher.group(1)))));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
