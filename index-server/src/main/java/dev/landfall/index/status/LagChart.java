package dev.landfall.index.status;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The lag chart as inline SVG (no script, no external resource): serials behind upstream over time,
 * a time axis (UTC) below and a serial axis on the left, one {@code circle.lag-point} per sample.
 * Samples whose lag is unknown (-1: no snapshot or no poller state yet) are left out.
 */
final class LagChart {

    static final int WIDTH = 760;
    static final int HEIGHT = 240;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 12;
    private static final int BOTTOM = 44;
    private static final int TICKS = 4;

    private LagChart() {
    }

    static String svg(List<StatusSampler.Sample> history) {
        List<StatusSampler.Sample> known = history.stream().filter(s -> s.lagSerials() >= 0).toList();
        StringBuilder svg = new StringBuilder(8192).append("<svg id=\"lag-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"Lag in serials behind upstream over time\">");
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW).append("\" height=\"")
                .append(plotH).append("\" fill=\"#f6f7f9\" stroke=\"#ccd\"/>");
        if (known.isEmpty()) {
            svg.append("<text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(TOP + plotH / 2)
                    .append("\" text-anchor=\"middle\" font-size=\"13\" fill=\"#667\">No samples yet (one every 10 s)</text></svg>");
            return svg.toString();
        }
        long t0 = known.get(0).at().toEpochMilli();
        long t1 = known.get(known.size() - 1).at().toEpochMilli();
        if (t1 - t0 < 60_000) {
            t1 = t0 + 60_000;   // at least a minute wide, so a lone sample sits on a readable axis
        }
        long yMax = niceCeiling(known.stream().mapToLong(StatusSampler.Sample::lagSerials).max().orElse(0));

        // Serial axis: gridlines and labels.
        for (int i = 0; i <= TICKS; i++) {
            long value = yMax * i / TICKS;
            double y = TOP + plotH - (double) plotH * i / TICKS;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"").append(fmt(y))
                    .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#e1e3e8\"/>")
                    .append("<text class=\"y-tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\" font-size=\"11\">").append(Units.count(value)).append("</text>");
        }
        // Time axis: ticks at even fractions of the span, labelled in UTC.
        DateTimeFormatter label = DateTimeFormatter.ofPattern(t1 - t0 < 600_000 ? "HH:mm:ss" : "HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
        for (int i = 0; i <= TICKS; i++) {
            long t = t0 + (t1 - t0) * i / TICKS;
            double x = LEFT + (double) plotW * i / TICKS;
            svg.append("<line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"").append(TOP + plotH)
                    .append("\" y2=\"").append(TOP + plotH + 4).append("\" stroke=\"#889\"/>")
                    .append("<text class=\"x-tick\" x=\"").append(fmt(x)).append("\" y=\"").append(TOP + plotH + 16)
                    .append("\" text-anchor=\"middle\" font-size=\"11\">").append(label.format(Instant.ofEpochMilli(t))).append("</text>");
        }
        svg.append("<text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(HEIGHT - 6)
                .append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"#445\">time (UTC)</text>")
                .append("<text x=\"14\" y=\"").append(TOP + plotH / 2).append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"#445\"")
                .append(" transform=\"rotate(-90 14 ").append(TOP + plotH / 2).append(")\">serials behind upstream</text>");

        StringBuilder line = new StringBuilder();
        StringBuilder points = new StringBuilder();
        for (StatusSampler.Sample s : known) {
            double x = LEFT + (double) plotW * (s.at().toEpochMilli() - t0) / (t1 - t0);
            double y = TOP + plotH - (double) plotH * s.lagSerials() / yMax;
            line.append(fmt(x)).append(',').append(fmt(y)).append(' ');
            points.append("<circle class=\"lag-point\" cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y))
                    .append("\" r=\"2.5\" fill=\"#c33\"><title>").append(Units.time(s.at())).append(": ")
                    .append(Units.count(s.lagSerials())).append(" serials behind</title></circle>");
        }
        svg.append("<polyline id=\"lag-line\" fill=\"none\" stroke=\"#c33\" stroke-width=\"1.5\" points=\"")
                .append(line.toString().trim()).append("\"/>").append(points).append("</svg>");
        return svg.toString();
    }

    /** {@value #TICKS} × the smallest step of 1, 2, 5 × 10^k that covers {@code max}: every tick is a round whole number. */
    static long niceCeiling(long max) {
        long magnitude = 1;
        while (true) {
            for (long step : new long[] {1, 2, 5}) {
                if (step * magnitude * TICKS >= max) {
                    return step * magnitude * TICKS;
                }
            }
            magnitude *= 10;
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
