package io.certflow.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One meter per tenant of a family (tenants are few, so a tenant label is cheap): registered when a tenant first shows
 * up in a snapshot, removed when it no longer does, so a tenant that went away leaves no series behind.
 */
final class TenantMeters {

    private final MeterRegistry registry;
    private final Function<String, Meter> register;
    private final Map<String, Meter> meters = new HashMap<>();

    TenantMeters(MeterRegistry registry, Function<String, Meter> register) {
        this.registry = registry;
        this.register = register;
    }

    synchronized void keep(Set<String> tenants) {
        meters.entrySet().removeIf(entry -> {
            boolean gone = !tenants.contains(entry.getKey());
            if (gone) {
                registry.remove(entry.getValue());
            }
            return gone;
        });
        tenants.forEach(tenant -> meters.computeIfAbsent(tenant, register));
    }
}
