package io.mig.bench;

import java.util.List;
import java.util.Locale;

/**
 * The suite's plot: one bar per result row (its ratio to the limit, or its share of an absolute
 * budget), a dashed line across the bar at its target, green when the target is met, red when not.
 * The scale is logarithmic from 0.01 to 10: the ratios span three decades (a fan-out at 0.03× and a
 * start-up at 3× of budget must both be readable). Plain SVG text, no library.
 */
final class Plot {
    private static final int WIDTH = 860;
    private static final int HEIGHT = 380;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final double LOW = 0.01;
    private static final double HIGH = 10;
    private static final double[] GRID = {0.01, 0.03, 0.1, 0.3, 1, 3, 10};

    private Plot() {
    }

    static String svg(List<Report.Row> rows, String mode) {
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = rows.isEmpty() ? 0 : (WIDTH - LEFT - RIGHT) / (double) rows.size();
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(WIDTH / 2.0, 22, "middle", 15, "migd against its limits: ratio per goal (dashed: target)"
                + ("full".equals(mode) ? "" : " — quick mode")));
        svg.append(text(WIDTH / 2.0, 38, "middle", 11, "bars ≥ target are met where higher is better; P5b and P7 bars are shares of their budget (≤ 1 met)"));
        for (double value : GRID) {
            double y = y(value, plotHeight);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, y, WIDTH - RIGHT, y));
            svg.append(text(LEFT - 6, y + 4, "end", 11, new java.math.BigDecimal(String.valueOf(value)).stripTrailingZeros().toPlainString() + "×"));
        }
        for (int i = 0; i < rows.size(); i++) {
            Report.Row row = rows.get(i);
            double x = LEFT + i * slot;
            double barWidth = slot * 0.55;
            double barX = x + (slot - barWidth) / 2;
            double barTop = y(row.bar(), plotHeight);
            double barHeight = TOP + plotHeight - barTop;
            String colour = row.met().equals("yes") ? "#3a9d5d" : "#d0453a";
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                    barX, barTop, barWidth, barHeight, colour));
            svg.append(text(barX + barWidth / 2, barTop - 4, "middle", 11,
                    String.format(Locale.ROOT, row.bar() < 0.1 ? "%.3f" : "%.2f", row.bar())));
            double targetY = y(row.targetValue(), plotHeight);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\" stroke-width=\"2\" stroke-dasharray=\"5,3\"/>%n",
                    x + slot * 0.08, targetY, x + slot * 0.92, targetY));
            svg.append(text(x + slot * 0.92, targetY - 3, "end", 10, (row.lowerIsBetter() ? "≤ " : "≥ ") + row.barTarget().replace("≤", "")));
            svg.append(text(x + slot / 2, TOP + plotHeight + 16, "middle", 12, row.goal()));
            svg.append(text(x + slot / 2, TOP + plotHeight + 30, "middle", 10, row.label()));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"black\"/>%n",
                LEFT, TOP + plotHeight, WIDTH - RIGHT, TOP + plotHeight));
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The height of a value on the logarithmic scale, clamped to its ends. */
    private static double y(double value, double plotHeight) {
        double clamped = Math.max(LOW, Math.min(HIGH, value));
        double share = (Math.log10(clamped) - Math.log10(LOW)) / (Math.log10(HIGH) - Math.log10(LOW));
        return TOP + plotHeight - share * plotHeight;
    }

    private static String text(double x, double y, String anchor, int size, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                x, y, anchor, size, escape(content));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
