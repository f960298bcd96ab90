package dev.flashsale.core.fakes;

import dev.flashsale.core.port.OrphanSightings;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Orphan sightings in memory, one per sale, as the DynamoDB adapter keeps them. */
public final class InMemoryOrphanSightings implements OrphanSightings {

    private final Map<String, Sighting> sightings = new HashMap<>();

    @Override
    public synchronized Optional<Sighting> find(String saleId) {
        return Optional.ofNullable(sightings.get(saleId));
    }

    @Override
    public synchronized void record(Sighting sighting) {
        sightings.put(sighting.saleId(), sighting);
    }

    @Override
    public synchronized void clear(String saleId) {
        sightings.remove(saleId);
    }
}
