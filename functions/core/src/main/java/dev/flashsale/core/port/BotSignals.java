package dev.flashsale.core.port;

import java.time.Instant;

/** Counts bot signals (failed challenges, too-fast answers, rate-limit hits) per subject over a short window. */
public interface BotSignals {

    /** Records one signal and answers how many the subject has in the current window, this one included. */
    long record(String subject, Instant now);
}
