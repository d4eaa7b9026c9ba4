package io.mig.migd.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The growth rule: after the warm-up, the median of the last third of the samples may exceed the
 * median of the first third by at most {@code factor} times it plus {@code slack}. Medians, so
 * that one sample taken while a burst of streams was open does not decide; thirds, so that a slow
 * leak shows although each sample is noisy.
 */
record Growth(String name, double first, double last, double limit, String unit) {
    static final int MIN_SAMPLES = 6;

    static Growth judge(String name, List<Sample> samples, ToLongFunction<Sample> metric, double factor, double slack,
                        double scale, String unit) {
        int third = samples.size() / 3;
        double first = median(samples.subList(0, third), metric) / scale;
        double last = median(samples.subList(samples.size() - third, samples.size()), metric) / scale;
        return new Growth(name, first, last, first * factor + slack, unit);
    }

    private static double median(List<Sample> samples, ToLongFunction<Sample> metric) {
        List<Long> values = new ArrayList<>();
        samples.forEach(s -> values.add(metric.applyAsLong(s)));
        values.sort(null);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2.0;
    }

    boolean grew() {
        return last > limit;
    }

    String describe() {
        return String.format("%-14s first third %.1f%s, last third %.1f%s, limit %.1f%s: %s", name, first, unit, last, unit,
                limit, unit, grew() ? "GREW" : "flat");
    }
}
