package io.certflow.autossl.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An AutoSSL certificate that is not issued yet, as the pending queue lists it.
 *
 * @param age        since the request was made (it decides how often the order is polled)
 * @param nextPollAt when the issuance process asks the CA again; null until the order waits in the pending queue
 */
public record PendingRequest(UUID certificateId, String account, List<String> names, String provider, Duration age, String status,
                             Instant requestedAt, Instant nextPollAt) {
}
