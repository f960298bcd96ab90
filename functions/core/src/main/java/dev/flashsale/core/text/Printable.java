package dev.flashsale.core.text;

/**
 * Text that people and tools can show as it is: no control characters, no lone surrogates (they break UTF-8
 * everywhere downstream: the AWS CLI cannot even scan a table holding one), no format characters (bidi overrides
 * that reverse what a reader sees, zero-width characters that make two ids look the same), nothing unassigned.
 */
public final class Printable {

    private Printable() {
    }

    public static boolean isPrintable(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!isPrintable(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** A lone surrogate comes out of {@link String#codePointAt} as itself, so it fails here too. */
    static boolean isPrintable(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.UNASSIGNED:
            case Character.PRIVATE_USE:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return false;
            default:
                return true;
        }
    }
}
