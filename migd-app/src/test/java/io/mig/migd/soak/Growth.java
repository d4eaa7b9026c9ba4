package io.mig.migd.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The growth rule: after the warm-up, the last third of the samples may exceed the first third by
 * at most {@code factor} times it plus {@code slack}, each third summed up by its {@link Statistic}.
 * Thirds, so that a slow leak shows although each sample is noisy.
 */
record Growth(String name, Statistic statistic, double first, double last, double limit, String unit) {
    static final int MIN_SAMPLES = 6;

    /** How a third of the samples is summed up. */
    enum Statistic {
        /** The median: one sample taken while a burst of streams was open does not decide. */
        MEDIAN,
        /**
         * The lowest sample: what the process keeps whatever the load. A leaked thread or fd is in
         * every sample after it leaked and raises it; a pool's idle threads end after their idle
         * timeout and the connections of a burst close, so a burst does not.
         */
        FLOOR
    }

    static Growth judge(String name, List<Sample> samples, ToLongFunction<Sample> metric, double factor, double slack,
                        double scale, String unit) {
        return judge(name, Statistic.MEDIAN, samples, metric, factor, slack, scale, unit);
    }

    static Growth judge(String name, Statistic statistic, List<Sample> samples, ToLongFunction<Sample> metric, double factor,
                        double slack, double scale, String unit) {
        int third = samples.size() / 3;
        double first = summary(statistic, samples.subList(0, third), metric) / scale;
        double last = summary(statistic, samples.subList(samples.size() - third, samples.size()), metric) / scale;
        return new Growth(name, statistic, first, last, first * factor + slack, unit);
    }

    private static double summary(Statistic statistic, List<Sample> samples, ToLongFunction<Sample> metric) {
        List<Long> values = new ArrayList<>();
        samples.forEach(s -> values.add(metric.applyAsLong(s)));
        values.sort(null);
        int n = values.size();
        if (statistic == Statistic.FLOOR) {
            return values.get(0);
        }
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2.0;
    }

    boolean grew() {
        return last > limit;
    }

    String describe() {
        String of = statistic == Statistic.FLOOR ? "lowest" : "median";
        return String.format("%-30s %s of the first third %.1f%s, of the last third %.1f%s, limit %.1f%s: %s", name, of,
                first, unit, last, unit, limit, unit, grew() ? "GREW" : "flat");
    }
}
