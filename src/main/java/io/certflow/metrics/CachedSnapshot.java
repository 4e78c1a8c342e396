package io.certflow.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last snapshot, read again only when it is older than the time to live: every gauge of a scrape (and every
 * Prometheus server that scrapes) shares one round of queries per period. Read on demand, so a Certflow nobody scrapes
 * runs none. When a read fails (the database is away) the previous snapshot stays and the next scrape tries again:
 * the readiness probe, not the metrics, reports the outage.
 */
final class CachedSnapshot {

    private static final Logger log = LoggerFactory.getLogger(CachedSnapshot.class);

    private final Supplier<MetricsSnapshot> source;
    private final Duration timeToLive;
    private final Clock clock;
    private Consumer<MetricsSnapshot> onRead = snapshot -> { };
    private MetricsSnapshot current = MetricsSnapshot.EMPTY;
    private Instant readAt;

    CachedSnapshot(Supplier<MetricsSnapshot> source, Duration timeToLive, Clock clock) {
        this.source = source;
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    /** What to do with each snapshot read (register the meters of tenants that appeared). */
    synchronized void onRead(Consumer<MetricsSnapshot> action) {
        this.onRead = action;
    }

    synchronized MetricsSnapshot get() {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(timeToLive))) {
            readAt = now;
            try {
                current = source.get();
                onRead.accept(current);
            } catch (RuntimeException e) {
                log.warn("The metrics could not be read (the previous values stay until the next scrape): {}", e.toString());
            }
        }
        return current;
    }
}
