package io.certflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The peak heap a JVM used, read from its -Xlog:gc log: the heap just before the fullest collection. */
final class GcLog {

    private static final Pattern COLLECTION = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private GcLog() {
    }

    static String peakHeap(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "unknown (no GC log)";
        }
        long peak = 0;
        long committed = 0;
        int collections = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher m = COLLECTION.matcher(line);
            if (m.find()) {
                collections++;
                long before = megabytes(m.group(1), m.group(2));
                if (before > peak) {
                    peak = before;
                    committed = megabytes(m.group(5), m.group(6));
                }
            }
        }
        return peak + " MB of " + committed + " MB committed (" + collections + " collections)";
    }

    private static long megabytes(String value, String unit) {
        long n = Long.parseLong(value);
        return switch (unit) {
            case "K" -> n / 1024;
            case "G" -> n * 1024;
            default -> n;
        };
    }
}
