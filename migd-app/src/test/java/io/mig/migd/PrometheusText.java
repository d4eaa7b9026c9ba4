package io.mig.migd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every sample must belong
 * to a family declared by {@code # TYPE} before it, names and labels must be well formed, label
 * values properly escaped, values numbers. Anything else fails the parse.
 */
final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME.pattern() + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME.pattern() + ") .*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

    final Map<String, String> types = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    record Sample(String name, Map<String, String> labels, double value) {
    }

    static PrometheusText parse(String text) {
        PrometheusText out = new PrometheusText();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            try {
                out.line(line);
            } catch (RuntimeException e) {
                throw new AssertionError("line " + lineNo + " is not valid exposition format: " + line + " (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    private void line(String line) {
        if (line.startsWith("#")) {
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                if (types.put(type.group(1), type.group(2)) != null) {
                    throw new IllegalStateException("family declared twice");
                }
                return;
            }
            if (!HELP.matcher(line).matches()) {
                throw new IllegalStateException("unknown comment");
            }
            return;
        }
        int brace = line.indexOf('{');
        int space;
        String name;
        Map<String, String> labels = new LinkedHashMap<>();
        if (brace >= 0 && brace < line.indexOf(' ')) {
            name = line.substring(0, brace);
            int close = line.indexOf("} ", brace);
            if (close < 0) {
                throw new IllegalStateException("unclosed labels");
            }
            String body = line.substring(brace + 1, close);
            Matcher m = LABEL.matcher(body);
            int at = 0;
            while (at < body.length()) {
                if (!m.find(at) || m.start() != at) {
                    throw new IllegalStateException("bad label at " + at);
                }
                labels.put(m.group(1), m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
                at = m.end();
                if (at < body.length()) {
                    if (body.charAt(at) != ',') {
                        throw new IllegalStateException("labels must be comma separated");
                    }
                    at++;
                }
            }
            space = close + 1;
        } else {
            space = line.indexOf(' ');
            name = line.substring(0, space);
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException("bad metric name");
        }
        String[] rest = line.substring(space + 1).split(" ");
        if (rest.length > 2) {
            throw new IllegalStateException("trailing garbage");
        }
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        if (family(name) == null) {
            throw new IllegalStateException("sample of an undeclared family");
        }
        samples.add(new Sample(name, labels, value));
    }

    /** The declared family a sample name belongs to (counters end in _total, histograms add suffixes). */
    String family(String sample) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : new String[] {"_total", "_created", "_bucket", "_sum", "_count", "_info"}) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return null;
    }

    /** The sum of samples named {@code name} whose labels include {@code labels}. */
    double value(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    boolean has(String name, Map<String, String> labels) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()));
    }
}
