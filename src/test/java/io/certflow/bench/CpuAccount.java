package io.certflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time spent by each party of the benchmark, read from /proc: Certflow, PostgreSQL, Pebble and
 * the benchmark client itself. Knowing who burns the two cores tells whether a throughput target is
 * within reach of Certflow's own code at all.
 */
final class CpuAccount {

    /** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every common build. */
    private static final double MILLIS_PER_TICK = 10.0;

    static final String JIT = "  of it JIT compiler";
    static final String GC = "  of it GC";

    private final long certflowPid;

    CpuAccount(long certflowPid) {
        this.certflowPid = certflowPid;
    }

    /** Ticks per party at this moment. */
    Map<String, Long> snapshot() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        ticks.put("Certflow", 0L);
        ticks.put(JIT, 0L);
        ticks.put(GC, 0L);
        ticks.put("PostgreSQL", 0L);
        ticks.put("Pebble", 0L);
        ticks.put("benchmark client", 0L);
        ticks.put("everything else", 0L);
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> {
                        String[] stat = readStat(p);
                        if (stat == null) {
                            return;
                        }
                        long pid = Long.parseLong(p.getFileName().toString());
                        String party = partyOf(pid, self, stat[0]);
                        // utime, stime and the times of children already reaped (postmaster's exited backends)
                        long used = Long.parseLong(stat[12]) + Long.parseLong(stat[13])
                                + Long.parseLong(stat[14]) + Long.parseLong(stat[15]);
                        ticks.merge(party, used, Long::sum);
                    });
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc", e);
        }
        addJvmThreads(ticks);
        return ticks;
    }

    /**
     * Certflow's compiler and collector threads, from its per-thread times. The JIT compiler keeps
     * working long after start-up: counted apart, it shows how far a run is from the steady state that
     * "sustained" means. A compiler thread that ended between two snapshots takes its time with it, so
     * these are lower bounds.
     */
    private void addJvmThreads(Map<String, Long> ticks) {
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(certflowPid), "task"))) {
            threads.forEach(t -> {
                String[] stat = readStat(t);
                if (stat == null) {
                    return;
                }
                String kind = stat[0].startsWith("C1 Compiler") || stat[0].startsWith("C2 Compiler") ? JIT
                        : stat[0].startsWith("GC Thread") || stat[0].startsWith("G1 ") || stat[0].equals("VM Thread") ? GC
                        : null;
                if (kind != null) {
                    ticks.merge(kind, Long.parseLong(stat[12]) + Long.parseLong(stat[13]), Long::sum);
                }
            });
        } catch (IOException | RuntimeException e) {
            // Certflow has ended: its process total above is all there is.
        }
    }

    /** Milliseconds of CPU per certificate for each party, from the ticks they used. */
    static Map<String, Double> perCertificate(Map<String, Long> ticksUsed, int certificates) {
        Map<String, Double> millis = new LinkedHashMap<>();
        ticksUsed.forEach((party, ticks) -> millis.put(party, ticks * MILLIS_PER_TICK / certificates));
        return millis;
    }

    /** Ticks per party since {@code before}, a {@link #snapshot()} of this account. */
    Map<String, Long> usedSince(Map<String, Long> before) {
        Map<String, Long> used = new LinkedHashMap<>();
        snapshot().forEach((party, ticks) -> used.put(party, ticks - before.getOrDefault(party, 0L)));
        return used;
    }

    private String partyOf(long pid, long self, String command) {
        if (pid == certflowPid) {
            return "Certflow";
        }
        if (pid == self) {
            return "benchmark client";
        }
        if (command.equals("postgres")) {
            return "PostgreSQL";
        }
        if (command.startsWith("pebble")) {
            return "Pebble";
        }
        return "everything else";
    }

    /** The fields after the command name, with the command name (which may hold spaces) first. */
    private static String[] readStat(Path process) {
        try {
            String line = Files.readString(process.resolve("stat"));
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            String[] rest = line.substring(close + 2).split(" ");
            String[] fields = new String[rest.length + 1];
            fields[0] = line.substring(open + 1, close);
            System.arraycopy(rest, 0, fields, 1, rest.length);
            return fields;
        } catch (IOException | RuntimeException e) {
            return null; // the process ended while we looked
        }
    }
}
