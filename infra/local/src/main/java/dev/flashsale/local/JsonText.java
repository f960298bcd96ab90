package dev.flashsale.local;

/** JSON text the runner writes by hand (answers, reports, request bodies): one way to quote a string. */
public final class JsonText {

    private JsonText() {
    }

    /** {@code text} as a JSON string literal, quotes, backslashes and control characters escaped. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
