package dev.flashsale.core.simulation;

import dev.flashsale.core.fakes.InMemoryOrphanSightings;
import dev.flashsale.core.port.OrphanSightings;

import java.util.Optional;

/** The orphan sightings around the in-memory fake: each call a point where the world may interleave or fail it. */
final class SimSightings implements OrphanSightings {

    private final InMemoryOrphanSightings raw = new InMemoryOrphanSightings();
    private final Env env;

    SimSightings(Env env) {
        this.env = env;
    }

    @Override
    public Optional<Sighting> find(String saleId) {
        env.before("findSighting " + saleId);
        return raw.find(saleId);
    }

    @Override
    public void record(Sighting sighting) {
        env.before("recordSighting " + sighting.saleId() + " " + sighting.orphans());
        raw.record(sighting);
        env.landed("recordSighting " + sighting.saleId());
    }

    @Override
    public void clear(String saleId) {
        env.before("clearSighting " + saleId);
        raw.clear(saleId);
        env.landed("clearSighting " + saleId);
    }
}
