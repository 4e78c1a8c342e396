package io.certflow.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.deployment.DeploymentState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The gauges of /actuator/prometheus (README "Monitoring" lists each one). Their values come from one cached
 * {@link MetricsSnapshot}; the renewals are counters read from the renewal table, so they are the same on every node of
 * a cluster and survive a restart (aggregate them with max, not sum).
 */
@Component
public class CertflowMetrics implements MeterBinder {

    private final MetricsQueries queries;
    private final Duration cache;
    private final Clock clock;
    /** Meters hold their state weakly: the snapshots live as long as this bean, or the gauges would read NaN after a GC. */
    private final List<CachedSnapshot> bound = new CopyOnWriteArrayList<>();

    public CertflowMetrics(MetricsQueries queries, @Value("${certflow.metrics.cache:PT30S}") Duration cache, Clock clock) {
        this.queries = queries;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        CachedSnapshot snapshots = new CachedSnapshot(queries::read, cache, clock);
        bound.add(snapshots);
        for (CertificateStatus status : CertificateStatus.values()) {
            for (CertificateSource source : CertificateSource.values()) {
                for (boolean autoManaged : new boolean[] {true, false}) {
                    gauge(registry, "certflow.certificates", "Certificates by status, source and auto-management", snapshots,
                            s -> s.certificatesWith(status.name(), source.name(), autoManaged),
                            "status", status.name(), "source", source.name(), "auto_managed", String.valueOf(autoManaged));
                }
            }
            if (!status.isFinal()) {
                for (boolean autossl : new boolean[] {true, false}) {
                    gauge(registry, "certflow.pending.certificates",
                            "Certificates not issued yet (the pending queue and the requests before it), by status and whether AutoSSL ordered them",
                            snapshots, s -> s.pending(status.name(), autossl), "status", status.name(), "autossl", String.valueOf(autossl));
                }
            }
        }
        for (String bucket : MetricsSnapshot.EXPIRY_BUCKETS) {
            gauge(registry, "certflow.certificates.expiring",
                    "ISSUED certificates by days to expiry: expired, then up to 1, 3, 7, 14, 30 days (each above the previous bound), more",
                    snapshots, s -> s.expiring().getOrDefault(bucket, 0L), "days", bucket);
        }
        for (DeploymentState state : DeploymentState.values()) {
            gauge(registry, "certflow.deployments", "Deployments by state (DEPLOYED, ROLLED_BACK and FAILED are outcomes)", snapshots,
                    s -> s.deployments().getOrDefault(state.name(), 0L), "state", state.name());
        }
        gauge(registry, "certflow.incidents.open", "Open incidents of the workflow engine (jobs out of retries)", snapshots,
                MetricsSnapshot::openIncidents);
        gauge(registry, "certflow.jobs.due", "Engine jobs that are due and not yet run", snapshots, MetricsSnapshot::jobsDue);

        TenantMeters earliestExpiry = new TenantMeters(registry, tenant -> Gauge.builder("certflow.certificates.earliest.expiry.timestamp",
                        snapshots, c -> seconds(c.get().earliestExpiry().get(tenant)))
                .baseUnit("seconds").description("When the tenant's ISSUED certificate that expires first expires (Unix time)")
                .tag("tenant", tenant).register(registry));
        List<TenantMeters> renewals = List.of(
                renewalCounter(registry, snapshots, "started", "Renewals started", MetricsSnapshot.Renewals::started),
                renewalCounter(registry, snapshots, "succeeded", "Renewals that ended RENEWED", MetricsSnapshot.Renewals::succeeded),
                renewalCounter(registry, snapshots, "failed", "Renewals that ended FAILED", MetricsSnapshot.Renewals::failed));
        List<TenantMeters> coverage = List.of(
                coverageGauge(registry, snapshots, "wanted", "Names AutoSSL wants covered, as its last run over all accounts saw them",
                        MetricsSnapshot.AutoSslCoverage::namesWanted),
                coverageGauge(registry, snapshots, "covered", "Names covered by a valid certificate, as AutoSSL's last run over all accounts saw them",
                        MetricsSnapshot.AutoSslCoverage::namesCovered),
                coverageGauge(registry, snapshots, "deferred", "Names AutoSSL's last run over all accounts deferred",
                        MetricsSnapshot.AutoSslCoverage::namesDeferred));
        TenantMeters paused = new TenantMeters(registry, tenant -> Gauge.builder("certflow.autossl.paused", snapshots,
                        c -> Boolean.TRUE.equals(c.get().autosslPaused().get(tenant)) ? 1 : 0)
                .description("1 while AutoSSL waits for its provider's terms of service to be accepted").tag("tenant", tenant).register(registry));
        snapshots.onRead(snapshot -> {
            earliestExpiry.keep(snapshot.earliestExpiry().keySet());
            renewals.forEach(meters -> meters.keep(snapshot.renewals().keySet()));
            coverage.forEach(meters -> meters.keep(snapshot.autosslCoverage().keySet()));
            paused.keep(snapshot.autosslPaused().keySet());
        });
    }

    private static void gauge(MeterRegistry registry, String name, String description, CachedSnapshot snapshots,
                              ToDoubleFunction<MetricsSnapshot> value, String... tags) {
        Gauge.builder(name, snapshots, c -> value.applyAsDouble(c.get())).description(description).tags(tags).register(registry);
    }

    private static TenantMeters renewalCounter(MeterRegistry registry, CachedSnapshot snapshots, String outcome, String description,
                                               ToDoubleFunction<MetricsSnapshot.Renewals> value) {
        return new TenantMeters(registry, tenant -> FunctionCounter.builder("certflow.renewals." + outcome, snapshots,
                        c -> {
                            MetricsSnapshot.Renewals renewals = c.get().renewals().get(tenant);
                            return renewals == null ? 0 : value.applyAsDouble(renewals);
                        })
                .description(description).tag("tenant", tenant).register(registry));
    }

    private static TenantMeters coverageGauge(MeterRegistry registry, CachedSnapshot snapshots, String what, String description,
                                              ToDoubleFunction<MetricsSnapshot.AutoSslCoverage> value) {
        return new TenantMeters(registry, tenant -> Gauge.builder("certflow.autossl.names." + what, snapshots,
                        c -> {
                            MetricsSnapshot.AutoSslCoverage coverage = c.get().autosslCoverage().get(tenant);
                            return coverage == null ? Double.NaN : value.applyAsDouble(coverage);
                        })
                .description(description).tag("tenant", tenant).register(registry));
    }

    private static double seconds(java.time.Instant instant) {
        return instant == null ? Double.NaN : instant.toEpochMilli() / 1000.0;
    }
}
