package io.mig.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of {@code bench/run}:
 * <ul>
 * <li>{@code Report jmh <jmh.json>} prints one tab-separated line per JMH result: name, µs per
 * call, bytes allocated per call ({@code -prof gc}'s {@code gc.alloc.rate.norm});</li>
 * <li>{@code Report doc <run dir> <BENCHMARKS.md> <ratios.svg>} writes the suite's section of the
 * benchmarks document from the run's {@code results.tsv}, {@code jmh.tsv} and {@code machine.tsv},
 * between the markers {@value #BEGIN} and {@value #END} (the rest of the document is left as it
 * is), and the SVG plot of every ratio against its target.</li>
 * </ul>
 */
public final class Report {
    static final String BEGIN = "<!-- bench/run:begin -->";
    static final String END = "<!-- bench/run:end -->";

    /** One row of results.tsv, as {@code bench/run}'s {@code record} writes it. */
    record Row(String goal, String what, String migd, String limit, String ratio, String target, String met,
               double bar, String barTarget, String detail, String label) {
        static Row parse(String line) {
            String[] f = line.split("\t", -1);
            return new Row(f[0], f[1], f[2], f[3], f[4], f[5], f[6], number(f[7]), f[8], f.length > 9 ? f[9] : "",
                    f.length > 10 ? f[10] : "");
        }

        boolean lowerIsBetter() {
            return barTarget.startsWith("≤");
        }

        double targetValue() {
            return number(barTarget.replace("≤", ""));
        }
    }

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("jmh")) {
            jmh(Path.of(args[1]));
        } else if (args.length == 4 && args[0].equals("doc")) {
            Path run = Path.of(args[1]);
            List<Row> rows = new ArrayList<>();
            for (String line : lines(run.resolve("results.tsv"))) {
                rows.add(Row.parse(line));
            }
            Map<String, String> machine = new LinkedHashMap<>();
            for (String line : lines(run.resolve("machine.tsv"))) {
                String[] f = line.split("\t", 2);
                machine.put(f[0], f.length > 1 ? f[1] : "");
            }
            List<String[]> jmh = new ArrayList<>();
            for (String line : lines(run.resolve("jmh.tsv"))) {
                jmh.add(line.split("\t", -1));
            }
            Path doc = Path.of(args[2]);
            Path svg = Path.of(args[3]);
            String relativeSvg = doc.toAbsolutePath().getParent().relativize(svg.toAbsolutePath()).toString();
            writeDocument(doc, section(rows, machine, jmh, relativeSvg));
            Files.createDirectories(svg.toAbsolutePath().getParent());
            Files.writeString(svg, Plot.svg(rows, machine.getOrDefault("mode", "full")), StandardCharsets.UTF_8);
        } else {
            throw new IllegalArgumentException("usage: Report jmh <jmh.json> | Report doc <run dir> <BENCHMARKS.md> <ratios.svg>");
        }
    }

    private static void jmh(Path json) throws IOException {
        for (JsonNode result : new ObjectMapper().readTree(json.toFile())) {
            String name = result.path("benchmark").asText().replaceAll(".*\\.", "");
            StringBuilder params = new StringBuilder();
            result.path("params").properties().forEach(p -> params.append(params.length() == 0 ? "" : ", ")
                    .append(p.getKey()).append('=').append(p.getValue().asText()));
            double score = result.path("primaryMetric").path("score").asDouble();
            double error = result.path("primaryMetric").path("scoreError").asDouble();
            double alloc = result.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score").asDouble(Double.NaN);
            System.out.printf(Locale.ROOT, "%s (%s)\t%.2f ± %.2f\t%.0f%n", name, params, score,
                    Double.isNaN(error) ? 0 : error, alloc);
        }
    }

    static String section(List<Row> rows, Map<String, String> machine, List<String[]> jmh, String svg) {
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append('\n');
        md.append("<!-- written by bench/run (io.mig.bench.Report); run it again instead of editing this part -->\n\n");
        md.append("### Last run: ").append(machine.getOrDefault("date", "?"));
        md.append("full".equals(machine.get("mode")) ? "" : " (quick mode: short warm-up and runs)").append("\n\n");
        md.append("| | |\n|---|---|\n");
        machine.forEach((key, value) -> {
            if (!key.equals("mode")) {
                md.append("| ").append(key).append(" | ").append(key.equals("command") ? "`" + value + "`" : value).append(" |\n");
            }
        });
        md.append(sharedMachineNote(machine));
        md.append("\n| goal | what | migd | limit | ratio | target | met? |\n|---|---|---:|---:|---:|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.goal()).append(" | ").append(row.what()).append(" | ").append(row.migd())
                    .append(" | ").append(row.limit()).append(" | ").append(row.ratio()).append(" | ")
                    .append(row.target()).append(" | ").append(row.met().equals("yes") ? "**yes**" : "no").append(" |\n");
        }
        md.append('\n');
        for (Row row : rows) {
            if (!row.detail().isEmpty()) {
                md.append("- ").append(row.goal()).append(' ').append(row.what()).append(": ").append(row.detail()).append('\n');
            }
        }
        if (!jmh.isEmpty()) {
            md.append("\nThe core pipeline alone (JMH, `PipelineBenchmark`, `-prof gc`):\n\n");
            md.append("| benchmark | µs per call | bytes allocated per call |\n|---|---:|---:|\n");
            for (String[] f : jmh) {
                md.append("| ").append(f[1]).append(" | ").append(f[2]).append(" | ").append(f[3]).append(" |\n");
            }
        }
        md.append("\n![each ratio against its target](").append(svg).append(")\n\n");
        md.append(END).append('\n');
        return md.toString();
    }

    /** A warning when other work competed for the cores: the absolute numbers then say little. */
    static String sharedMachineNote(Map<String, String> machine) {
        double load = number(machine.getOrDefault("load", "0").split(" ")[0]);
        double cores = number(machine.getOrDefault("cores", "0").split(" ")[0]);
        if (cores <= 0 || load <= cores) {
            return "";
        }
        return String.format(Locale.ROOT, "%n**The machine was shared** (load average %.1f on %.0f cores when the run started, "
                + "before any of its own load): absolute numbers are low and move between runs; the ratios compare sides "
                + "measured alternately in the same minutes, which is what still holds.%n", load, cores);
    }

    /** Replaces the marked section, or puts it after the title when the document has none yet. */
    static void writeDocument(Path doc, String section) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "# Benchmarks\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String updated;
        if (begin >= 0 && end > begin) {
            int after = text.indexOf('\n', end);
            updated = text.substring(0, begin) + section + text.substring(after < 0 ? text.length() : after + 1);
        } else {
            int titleEnd = text.indexOf('\n');
            updated = titleEnd < 0 ? text + "\n\n" + section
                    : text.substring(0, titleEnd + 1) + "\n" + section + text.substring(titleEnd + 1);
        }
        Files.writeString(doc, updated, StandardCharsets.UTF_8);
    }

    private static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    static double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
