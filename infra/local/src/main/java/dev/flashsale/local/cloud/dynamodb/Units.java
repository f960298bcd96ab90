package dev.flashsale.local.cloud.dynamodb;

import java.util.LinkedHashMap;
import java.util.Map;

/** The write and read units one request costs, per partition it touches. */
public final class Units {

    private final Map<Partition, double[]> byPartition = new LinkedHashMap<>();

    public Units write(Partition partition, double units) {
        byPartition.computeIfAbsent(partition, p -> new double[2])[0] += units;
        return this;
    }

    public Units read(Partition partition, double units) {
        byPartition.computeIfAbsent(partition, p -> new double[2])[1] += units;
        return this;
    }

    Map<Partition, double[]> byPartition() {
        return byPartition;
    }

    public double writeUnits(Partition partition) {
        double[] units = byPartition.get(partition);
        return units == null ? 0 : units[0];
    }

    public double readUnits(Partition partition) {
        double[] units = byPartition.get(partition);
        return units == null ? 0 : units[1];
    }

    public boolean isEmpty() {
        return byPartition.isEmpty();
    }

    /** What {@code actual} costs beyond this estimate (negative where it costs less), partition by partition. */
    Units minus(Units estimate) {
        Units difference = new Units();
        byPartition.forEach((p, u) -> difference.write(p, u[0]).read(p, u[1]));
        estimate.byPartition.forEach((p, u) -> difference.write(p, -u[0]).read(p, -u[1]));
        return difference;
    }
}
