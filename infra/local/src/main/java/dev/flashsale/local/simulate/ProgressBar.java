package dev.flashsale.local.simulate;

import java.io.PrintStream;

/** A one-line progress bar on a terminal ({@code [####    ] 120/400}); silent without one. */
final class ProgressBar {

    private static final int WIDTH = 40;

    private final PrintStream out;

    /** {@code out}: the terminal, or null for no display. */
    ProgressBar(PrintStream out) {
        this.out = out;
    }

    /** Redraws the bar about a hundred times in a run, and at the end. */
    void show(int done, int total) {
        if (out == null || (done % Math.max(1, total / 100) != 0 && done != total)) {
            return;
        }
        int filled = (int) ((long) done * WIDTH / total);
        synchronized (out) {
            out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total);
            out.flush();
        }
    }

    void finish() {
        if (out != null) {
            out.println();
        }
    }
}
