package io.certflow.dns;

import java.time.Instant;
import java.util.UUID;

/**
 * A zone Certflow may change through RFC 2136 dynamic updates signed with TSIG. The secret is
 * held only in its encrypted form (KeyProtection, purpose {@link DnsZoneService#TSIG_PURPOSE}).
 *
 * @param zone        the zone's apex, lower case, without the trailing dot
 * @param primaryHost the server that accepts the updates (the zone's primary)
 */
public record DnsZone(
        UUID id,
        String tenantId,
        String zone,
        String primaryHost,
        int primaryPort,
        String tsigKeyName,
        String tsigAlgorithm,
        String tsigSecretEnc,
        Instant createdAt,
        Instant updatedAt) {

    /** True when {@code name} (lower case, no trailing dot) is the apex or lies below it. */
    public boolean contains(String name) {
        return name.equals(zone) || name.endsWith("." + zone);
    }
}
