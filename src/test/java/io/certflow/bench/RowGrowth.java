package io.certflow.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Rows each table gained between two counts, per renewal, grouped as the engine's runtime, its history and Certflow's own. */
record RowGrowth(Map<String, Double> perTable, int renewals) {

    static RowGrowth between(Map<String, Long> before, Map<String, Long> after, int renewals) {
        Map<String, Double> perTable = new LinkedHashMap<>();
        after.forEach((table, rows) -> {
            long added = rows - before.getOrDefault(table, 0L);
            if (added != 0) {
                perTable.put(table, added / (double) renewals);
            }
        });
        return new RowGrowth(perTable, renewals);
    }

    double group(String prefix) {
        return perTable.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
    }

    void print() {
        System.out.printf(Locale.ROOT, "    engine runtime (act_ru_*) %.2f, engine history (act_hi_*) %.2f, Certflow (certflow.*) %.2f%n",
                group("public.act_ru_"), group("public.act_hi_"), group("certflow."));
        perTable.forEach((table, rows) -> System.out.printf(Locale.ROOT, "      %-40s %6.2f%n", table, rows));
    }
}
