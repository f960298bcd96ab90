package dev.flashsale.tests.template;

import dev.flashsale.local.template.Intrinsic;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The CloudFormation resource specification of the npm package {@code @aws-cdk/aws-service-spec} (its
 * {@code db.json.gz}: every resource type with its properties and their types, SAM's included), and a checker
 * that walks a template value against it: every property name, nested ones too, must exist.
 */
final class ResourceSpecification {

    private final Map<String, Map<String, Object>> resources = new HashMap<>();
    private final Map<String, Map<String, Object>> types = new HashMap<>();

    @SuppressWarnings("unchecked")
    ResourceSpecification(Path dbJsonGz) throws IOException {
        Map<String, Object> db;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dbJsonGz))) {
            db = JsonMapper.createDefault().readValue(in.readAllBytes(), Argument.mapOf(String.class, Object.class));
        }
        Map<String, Object> schema = (Map<String, Object>) db.get("schema");
        for (Object entity : (List<Object>) ((Map<String, Object>) schema.get("resource")).get("entities")) {
            Map<String, Object> resource = (Map<String, Object>) entity;
            resources.put((String) resource.get("cloudFormationType"), resource);
        }
        for (Object entity : (List<Object>) ((Map<String, Object>) schema.get("typeDefinition")).get("entities")) {
            Map<String, Object> type = (Map<String, Object>) entity;
            types.put((String) type.get("$id"), type);
        }
    }

    boolean hasResource(String type) {
        return resources.containsKey(type);
    }

    boolean hasProperty(String resourceType, String property) {
        return properties(resources.get(resourceType)).containsKey(property);
    }

    /** Every problem of a resource's properties: unknown names at any depth, values of the wrong shape. */
    List<String> check(String path, String resourceType, Map<String, Object> properties) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> resource = resources.get(resourceType);
        if (resource == null) {
            problems.add(path + ": no resource type " + resourceType);
            return problems;
        }
        checkObject(path, properties, properties(resource), problems);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> definition) {
        Object properties = definition == null ? null : definition.get("properties");
        return properties instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private void checkObject(String path, Map<String, Object> value, Map<String, Object> known, List<String> problems) {
        value.forEach((name, child) -> {
            Object property = known.get(name);
            if (property == null) {
                problems.add(path + "." + name + ": no such property");
            } else {
                checkValue(path + "." + name, child, (Map<String, Object>) ((Map<String, Object>) property).get("type"),
                        problems);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void checkValue(String path, Object value, Map<String, Object> type, List<String> problems) {
        if (value == null || type == null) {
            return;
        }
        if (isIntrinsic(value)) {
            // !If: both branches must fit (AWS::NoValue fits anything); other functions are known only at deploy.
            if (value instanceof Intrinsic intrinsic && "If".equals(intrinsic.function())
                    && intrinsic.argument() instanceof List<?> args && args.size() == 3) {
                checkValue(path + "<then>", args.get(1), type, problems);
                checkValue(path + "<else>", args.get(2), type, problems);
            }
            return;
        }
        switch (String.valueOf(type.get("type"))) {
            case "ref" -> {
                String id = String.valueOf(((Map<String, Object>) type.get("reference")).get("$ref"));
                if (!(value instanceof Map<?, ?> map)) {
                    problems.add(path + ": expected an object");
                } else {
                    checkObject(path, (Map<String, Object>) map, properties(types.get(id)), problems);
                }
            }
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    problems.add(path + ": expected a list");
                } else {
                    for (int i = 0; i < list.size(); i++) {
                        checkValue(path + "[" + i + "]", list.get(i), (Map<String, Object>) type.get("element"), problems);
                    }
                }
            }
            case "map" -> {
                if (!(value instanceof Map<?, ?> map)) {
                    problems.add(path + ": expected a map");
                } else {
                    map.forEach((key, child) -> checkValue(path + "." + key, child,
                            (Map<String, Object>) type.get("element"), problems));
                }
            }
            case "union" -> {
                // Many properties are typed "structured, or json" (json being their legacy type): a value of the
                // structured shape is checked against it, so a misspelling under it is still caught.
                List<String> fewest = null;
                boolean acceptsJson = false;
                for (Object alternative : (List<Object>) type.get("types")) {
                    Map<String, Object> option = (Map<String, Object>) alternative;
                    if ("json".equals(option.get("type"))) {
                        acceptsJson = true;
                        continue;
                    }
                    if (!fitsShape(value, option)) {
                        continue;
                    }
                    List<String> attempt = new ArrayList<>();
                    checkValue(path, value, option, attempt);
                    if (fewest == null || attempt.size() < fewest.size()) {
                        fewest = attempt;
                    }
                }
                if (fewest != null) {
                    problems.addAll(fewest);
                } else if (!acceptsJson) {
                    problems.add(path + ": matches none of the allowed types");
                }
            }
            case "json" -> {
                // any shape
            }
            default -> {
                if (value instanceof Map || value instanceof List) {
                    problems.add(path + ": expected a " + type.get("type") + ", not " + (value instanceof Map ? "an object" : "a list"));
                }
            }
        }
    }

    private static boolean fitsShape(Object value, Map<String, Object> type) {
        String kind = String.valueOf(type.get("type"));
        if (value instanceof List) {
            return kind.equals("array");
        }
        if (value instanceof Map) {
            return kind.equals("ref") || kind.equals("map") || kind.equals("union");
        }
        return !kind.equals("array") && !kind.equals("ref") && !kind.equals("map");
    }

    static boolean isIntrinsic(Object value) {
        if (value instanceof Intrinsic) {
            return true;
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            String key = String.valueOf(map.keySet().iterator().next());
            return key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::");
        }
        return false;
    }
}
