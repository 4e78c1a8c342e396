package io.certflow.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.certflow.issuance.CertificateIssued;
import io.certflow.issuer.IssuerType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The time from a certificate's request to its issued certificate being stored, as a histogram per issuer type. Recorded
 * by the node that stores it, once its transaction commits (a step that rolled back and runs again is counted once):
 * in a cluster, sum the nodes. Buckets from seconds (a private CA) to days (a CA's pending queue).
 */
@Component
public class IssuanceLatency {

    static final String NAME = "certflow.issuance.latency";
    private static final Duration[] BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7)};

    private final Map<IssuerType, Timer> timers = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public IssuanceLatency(MeterRegistry registry) {
        this.registry = registry;
        // Every series exists at 0 from the start, so rate() and increase() see the first issuance.
        for (IssuerType type : IssuerType.values()) {
            timer(type);
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void issued(CertificateIssued issued) {
        Duration latency = Duration.between(issued.requestedAt(), issued.issuedAt());
        timer(issued.issuerType()).record(latency.isNegative() ? Duration.ZERO : latency);
    }

    private Timer timer(IssuerType type) {
        return timers.computeIfAbsent(type, t -> Timer.builder(NAME)
                .description("Time from a certificate's request to its issued certificate being stored")
                .tag("issuer_type", t.name())
                .serviceLevelObjectives(BUCKETS)
                .minimumExpectedValue(BUCKETS[0])
                .maximumExpectedValue(BUCKETS[BUCKETS.length - 1])
                .register(registry));
    }
}
