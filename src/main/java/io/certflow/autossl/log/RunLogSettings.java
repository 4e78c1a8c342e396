package io.certflow.autossl.log;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where run logs are kept and for how long.
 *
 * @param directory {@code certflow.autossl.log-directory}, by default {@code <certflow.data-dir>/autossl-logs}
 * @param retention {@code certflow.autossl.log-retention}: a run's log files and events are removed this long after it
 *                  ended (default 30 days)
 */
public record RunLogSettings(Path directory, Duration retention) {

    public RunLogSettings {
        Objects.requireNonNull(directory, "directory");
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("certflow.autossl.log-retention must be longer than zero, such as P30D (30 days)");
        }
        directory = directory.toAbsolutePath().normalize();
    }
}
