package io.certflow.autossl.run;

import java.util.UUID;

/** A certificate a check ordered for the names of one of the account's domains, and the certificate it replaces (or null). */
public record AutoSslOrder(UUID id, UUID checkId, UUID certificateId, UUID requestId, String domain, UUID replacesId) {
}
