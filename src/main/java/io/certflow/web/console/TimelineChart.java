package io.certflow.web.console;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.certflow.renewal.ExpiryTimeline.Week;

/**
 * The expiry timeline drawn as bars, computed here so that the template only places them: one bar a
 * week, the part Certflow renews at the bottom and the part it will not on top, scaled to the fullest
 * week. Coordinates are SVG user units.
 */
public record TimelineChart(List<Bar> bars, int width, int height, int baseline, long max, long renewed, long notRenewed) {

    static final int BAR_WIDTH = 44;
    static final int GAP = 16;
    static final int LEFT = 40;
    static final int TOP = 24;
    static final int PLOT_HEIGHT = 220;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    /**
     * One week's bar.
     *
     * @param renewedY    top of the renewed part (its height {@code renewedHeight})
     * @param notRenewedY top of the not-renewed part, which sits on the renewed one
     * @param link        the certificates table filtered to the week
     */
    public record Bar(Week week, int x, int renewedY, int renewedHeight, int notRenewedY, int notRenewedHeight, String label,
                      String link) {

        public String range() {
            return DAY.format(week.firstDay()) + " – " + DAY.format(week.lastDay());
        }

        public String summary() {
            return range() + ": " + week.total() + " expiring, " + week.renewed() + " Certflow will renew, " + week.notRenewed()
                    + " it will not";
        }

        public int centre() {
            return x + BAR_WIDTH / 2;
        }
    }

    static TimelineChart of(List<Week> weeks) {
        long max = Math.max(1, weeks.stream().mapToLong(Week::total).max().orElse(0));
        int baseline = TOP + PLOT_HEIGHT;
        List<Bar> bars = weeks.stream().map(week -> {
            int x = LEFT + week.index() * (BAR_WIDTH + GAP);
            int renewedHeight = scaled(week.renewed(), max);
            int notRenewedHeight = scaled(week.total(), max) - renewedHeight;
            int renewedY = baseline - renewedHeight;
            return new Bar(week, x, renewedY, renewedHeight, renewedY - notRenewedHeight, notRenewedHeight, DAY.format(week.firstDay()),
                    CertificateFilter.expiringBetween(week.firstDay(), week.lastDay()));
        }).toList();
        int width = LEFT + weeks.size() * (BAR_WIDTH + GAP);
        return new TimelineChart(bars, width, baseline + 40, baseline, max, weeks.stream().mapToLong(Week::renewed).sum(),
                weeks.stream().mapToLong(Week::notRenewed).sum());
    }

    /** The height of {@code count} on the plot; any count above zero is at least a line, so no week with expiries looks empty. */
    private static int scaled(long count, long max) {
        if (count == 0) {
            return 0;
        }
        return (int) Math.max(2, Math.round((double) count * PLOT_HEIGHT / max));
    }
}
