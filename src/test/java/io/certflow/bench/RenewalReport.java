package io.certflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Everything the renewal benchmark measured, printed at the end. */
final class RenewalReport {

    final List<RenewalBenchmark.Decision> decisions = new ArrayList<>();
    DatabaseWatch.Longest decisionLongest;
    String plan;
    RenewalBenchmark.Renewals renewals;
    Map<String, Double> cpuPerRenewal;
    RowGrowth rowsAdded;
    String peakRss;

    void print(int count, int windowDays, String[] arguments, int due, int warmUp, Path gcLog, Path certflowLog) throws IOException {
        RenewalBenchmark.Renewals r = renewals;
        System.out.printf(Locale.ROOT, """

                Certflow renewal benchmark: %,d managed certificates of a private CA, policy window %d days, -Xmx512m, PostgreSQL%s
                  Run Now with nothing due (POST to the run's finishedAt): %s ms
                    longest transaction meanwhile: %d ms
                  Run Now with %,d due (warm-up before: %d renewals):
                    POST to all renewals started (the run's finishedAt): %.1f s (%d started; renewals %s)
                    POST to all renewed (SUPERSEDED):                   %.1f s, %.1f renewals/s
                    longest page of the run: %d ms
                    longest transaction of any kind meanwhile: %d ms (%s)
                    incidents: %d
                  peak heap (GC log, before a collection): %s; peak RSS: %s; OutOfMemoryError in the log: %s
                """,
                count, windowDays, arguments.length == 0 ? "" : ", " + String.join(" ", arguments),
                String.join(", ", decisions.stream().map(d -> String.valueOf(d.took().toMillis())).toList()),
                decisionLongest.millis(),
                due, warmUp,
                r.toAllStarted().toMillis() / 1000.0, r.started(), r.renewalStates(),
                r.toAllRenewed().toMillis() / 1000.0, r.count() * 1000.0 / r.toAllRenewed().toMillis(),
                r.longestPage().toMillis(), r.longest().millis(), r.longest().query() == null ? "-" : r.longest().query().replaceAll("\\s+", " "),
                r.incidents(),
                GcLog.peakHeap(gcLog), peakRss, Files.readString(certflowLog).contains("OutOfMemoryError") ? "yes" : "no");
        System.out.println("  rows added per renewal:");
        rowsAdded.print();
        System.out.println("  CPU per renewal (ms, both cores together):");
        cpuPerRenewal.forEach((party, millis) -> System.out.printf(Locale.ROOT, "    %-22s %6.1f%n", party, millis));
        System.out.println("  the candidate query's plans (as Certflow runs it: prepared, generic plan):");
        System.out.println(plan);
    }
}
