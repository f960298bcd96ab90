package dev.flashsale.local.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line after the command: an optional sub-command ({@code sale put}, {@code blocklist add}) and
 * {@code --name value}, {@code --name=value} or a bare {@code --name} ("true"). A flag given twice keeps the last.
 */
public final class Flags {

    /** A command line that does not parse, or a flag the command does not take: a usage error (exit 2). */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    private final String subCommand;
    private final Map<String, String> values;

    private Flags(String subCommand, Map<String, String> values) {
        this.subCommand = subCommand;
        this.values = values;
    }

    /** {@code args} as given to the program: the command first; {@code withSubCommand}: the command takes one. */
    public static Flags parse(String[] args, boolean withSubCommand) {
        List<String> rest = new ArrayList<>(List.of(args).subList(Math.min(1, args.length), args.length));
        String subCommand = null;
        if (withSubCommand && !rest.isEmpty() && !rest.get(0).startsWith("--")) {
            subCommand = rest.remove(0);
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("--")) {
                throw new Invalid("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < rest.size() && !rest.get(i + 1).startsWith("--")) {
                values.put(name, rest.get(++i));
            } else {
                values.put(name, "true");
            }
        }
        return new Flags(subCommand, values);
    }

    /** The word after the command ({@code put} in {@code sale put}); null when there is none. */
    public String subCommand() {
        return subCommand;
    }

    /** The flags by name, without their dashes. */
    public Map<String, String> values() {
        return values;
    }

    /** Throws {@link Invalid} for a flag not in {@code names}. */
    public Flags allow(String... names) {
        List<String> allowed = List.of(names);
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw new Invalid("unknown option --" + name);
            }
        }
        return this;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String get(String name) {
        return values.get(name);
    }

    public String get(String name, String absent) {
        return values.getOrDefault(name, absent);
    }

    /** A whole-number flag, {@code absent} when not given; {@link Invalid} when it is not a whole number. */
    public int integer(String name, int absent) {
        String value = values.get(name);
        if (value == null) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new Invalid("--" + name + " needs a whole number, not " + value);
        }
    }
}
