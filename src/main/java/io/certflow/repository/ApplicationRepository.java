package io.certflow.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * A certificate application repository.
 *
 * @param dataSource null while RESET
 * @param caId       the bound intermediate CA of a PRIVATE or COMPLIANT repository, else null
 */
public record ApplicationRepository(UUID id, String tenantId, String name, ApplicationRepositoryDataSource dataSource, UUID caId,
                                    ApplicationRepositoryState state, Instant createdAt, Instant updatedAt) {
}
