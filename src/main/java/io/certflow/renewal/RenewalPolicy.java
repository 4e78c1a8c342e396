package io.certflow.renewal;

import java.time.Instant;

/**
 * A tenant's renewal policy.
 *
 * @param windowDays      a certificate becomes eligible this many days before it expires (capped at half its lifetime)
 * @param defaultTemplate the template a certificate without one of its own is renewed with (null: its own issuer)
 * @param autoProvision   whether the successor is deployed to every target its predecessor is bound to before it takes its place
 */
public record RenewalPolicy(String tenantId, boolean enabled, int windowDays, String defaultTemplate, boolean autoProvision,
                            String updatedBy, Instant updatedAt) {

    public static final int DEFAULT_WINDOW_DAYS = 30;

    /** What a tenant has until an administrator sets a policy: off. */
    public static RenewalPolicy off(String tenantId) {
        return new RenewalPolicy(tenantId, false, DEFAULT_WINDOW_DAYS, null, true, null, null);
    }
}
