package io.certflow.it.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The end of a server's log, for the message of an assertion or a failed start. */
final class LogTail {

    private LogTail() {
    }

    static String of(Path log, int maxBytes) {
        if (!Files.exists(log)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - maxBytes);
            byte[] buf = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(buf);
            return "\n--- tail of " + log + (from > 0 ? " (last " + maxBytes + " bytes)" : "") + " ---\n"
                    + new String(buf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "\n--- could not read " + log + ": " + e;
        }
    }
}
