package io.certflow.it.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The samples of a Prometheus text exposition, by series ("name{label=\"value\",...}" as printed). */
public final class PrometheusText {

    private final Map<String, Double> samples;

    private PrometheusText(Map<String, Double> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1).trim()));
        }
        return new PrometheusText(samples);
    }

    public boolean has(String series) {
        return samples.containsKey(series);
    }

    /** The sample's value; 0 for a series not exposed (yet). */
    public double value(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    /** The sum of the series of one metric whose labels contain {@code label} (e.g. {@code status="ISSUED"}). */
    public double sum(String metric, String label) {
        return samples.entrySet().stream().filter(e -> e.getKey().startsWith(metric + "{") && e.getKey().contains(label))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    public Set<String> names() {
        return samples.keySet();
    }
}
