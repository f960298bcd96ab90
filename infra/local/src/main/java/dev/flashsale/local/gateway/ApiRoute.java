package dev.flashsale.local.gateway;

import dev.flashsale.local.template.Specs;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A template route compiled for matching: {@code /api/sales/{saleId}} matches {@code /api/sales/demo}. */
final class ApiRoute {

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private final Specs.Route spec;
    private final Pattern pattern;
    private final List<String> names = new ArrayList<>();

    ApiRoute(Specs.Route spec) {
        this.spec = spec;
        Matcher m = VARIABLE.matcher(spec.path());
        StringBuilder regex = new StringBuilder("^");
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(spec.path().substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(spec.path().substring(last))).append("/?$");
        this.pattern = Pattern.compile(regex.toString());
    }

    Specs.Route spec() {
        return spec;
    }

    /** Path parameters when the path matches (method not considered), else null. */
    Map<String, String> match(String rawPath) {
        Matcher m = pattern.matcher(rawPath);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            parameters.put(names.get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
