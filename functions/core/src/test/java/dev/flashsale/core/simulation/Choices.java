package dev.flashsale.core.simulation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Every decision of a run (which actor runs next, how far time moves, whether a store call fails, how a payer
 * behaves) is one number drawn here. A run is therefore its seed; and the numbers it drew, replayed, are the run
 * again: the shrinker edits that sequence (drops and zeroes numbers) and replays it. Zero is always the plain
 * choice (no fault, the first runnable actor, no time passing), so a sequence that runs out reads as zeroes.
 */
final class Choices {

    private final SplittableRandom random;
    private final int[] replay;
    private int position;
    private int[] made = new int[256];
    private int count;

    private Choices(SplittableRandom random, int[] replay) {
        this.random = random;
        this.replay = replay;
    }

    static Choices seeded(long seed) {
        return new Choices(new SplittableRandom(seed), null);
    }

    static Choices replaying(int[] sequence) {
        return new Choices(null, sequence);
    }

    /** A number in [0, bound). */
    int next(int bound) {
        if (bound <= 1) {
            return 0;
        }
        int value;
        if (replay == null) {
            value = random.nextInt(bound);
        } else {
            value = position < replay.length ? replay[position] : 0;
            position++;
            if (value >= bound) {
                value %= bound;
            }
        }
        if (count == made.length) {
            made = Arrays.copyOf(made, count * 2);
        }
        made[count++] = value;
        return value;
    }

    /** True {@code perMille} times in a thousand; the zero choice is false. */
    boolean chance(int perMille) {
        if (perMille <= 0) {
            return false;
        }
        return next(1000) >= 1000 - perMille;
    }

    /** The numbers drawn so far: the run, replayable. */
    int[] made() {
        return Arrays.copyOf(made, count);
    }
}
