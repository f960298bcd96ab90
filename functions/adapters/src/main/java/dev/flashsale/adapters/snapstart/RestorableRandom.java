package dev.flashsale.adapters.snapstart;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * The container's random source. A generator seeded before a SnapStart snapshot would give the same numbers in
 * every container restored from it (the same challenge ids, the same first shard for every buyer), so it is
 * re-seeded from the operating system's entropy after each restore.
 */
public final class RestorableRandom implements RandomGenerator, Resource {

    private volatile RandomGenerator current;

    public RestorableRandom() {
        this(new SecureRandom());
    }

    /** With a given starting generator (tests stand in for the state a snapshot holds). */
    public RestorableRandom(RandomGenerator initial) {
        this.current = initial;
        Core.getGlobalContext().register(this);
    }

    @Override
    public long nextLong() {
        return current.nextLong();
    }

    @Override
    public int nextInt(int bound) {
        return current.nextInt(bound);
    }

    @Override
    public void nextBytes(byte[] bytes) {
        current.nextBytes(bytes);
    }

    /** A fresh generator, seeded from the OS when first used: nothing of the snapshot's state survives. */
    public void reseed() {
        current = new SecureRandom();
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // Nothing to release: the state is replaced after the restore.
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        reseed();
    }
}
