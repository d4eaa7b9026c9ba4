package io.mig.migd.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The threads or fds of every sample by group, as one table: for each group its count at the first
 * sample, the medians of the first and last third of the judged samples, its maximum and its last
 * count — so that a growth of the totals names the pool or the kind of fd that grew.
 */
final class GroupTable {
    private GroupTable() {
    }

    /** One group's figures over the run. */
    record Row(String group, int first, double firstThird, double lastThird, int max, int last) {
        double delta() {
            return lastThird - firstThird;
        }
    }

    /**
     * The rows of {@code groupsOf} over {@code all} (the first one is the warm-up sample) and
     * {@code judged} (the samples after the warm-up), in the order of the groups' names.
     */
    static List<Row> rows(List<Sample> all, List<Sample> judged, Function<Census, Map<String, Integer>> groupsOf) {
        TreeSet<String> groups = new TreeSet<>();
        all.forEach(s -> groups.addAll(groupsOf.apply(s.census()).keySet()));
        int third = Math.max(1, judged.size() / 3);
        List<Row> rows = new ArrayList<>();
        for (String group : groups) {
            Function<Sample, Integer> count = s -> groupsOf.apply(s.census()).getOrDefault(group, 0);
            rows.add(new Row(group, count.apply(all.get(0)), median(judged.subList(0, Math.min(third, judged.size())), count),
                    median(judged.subList(Math.max(0, judged.size() - third), judged.size()), count),
                    all.stream().mapToInt(count::apply).max().orElse(0), count.apply(all.get(all.size() - 1))));
        }
        return rows;
    }

    static double median(List<Sample> samples, Function<Sample, Integer> count) {
        List<Integer> values = new ArrayList<>(samples.stream().map(count).toList());
        if (values.isEmpty()) {
            return 0;
        }
        values.sort(null);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2.0;
    }

    static void print(String title, List<Row> rows) {
        Soak.print("%s by group (first sample | medians of the first and last third after the warm-up | max | last):", title);
        for (Row row : rows) {
            Soak.print("  %-48s %5d | %7.1f → %7.1f (%+6.1f) | %5d | %5d", row.group(), row.first(), row.firstThird(),
                    row.lastThird(), row.delta(), row.max(), row.last());
        }
    }
}
