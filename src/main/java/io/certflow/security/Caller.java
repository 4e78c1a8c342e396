package io.certflow.security;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;

/**
 * The authenticated user of one API call and the tenants whose rows they may see. The
 * administrator sees every tenant's rows.
 */
public record Caller(String userId, boolean administrator, List<String> tenantIds) {

    public Caller {
        tenantIds = List.copyOf(tenantIds);
    }

    public boolean canSee(String tenantId) {
        return administrator || tenantIds.contains(tenantId);
    }

    /** The tenants to filter lists by; {@code null} means no filter (administrator). */
    public List<String> visibleTenants() {
        return administrator ? null : tenantIds;
    }

    /**
     * The tenant a new row belongs to: the one asked for (it must be one of the caller's), or the
     * caller's only tenant.
     */
    public String tenantForNewRow(String requested) {
        if (requested != null && !requested.isBlank()) {
            if (!canSee(requested)) {
                throw new NotFoundException("Tenant", requested);
            }
            return requested;
        }
        if (tenantIds.size() == 1) {
            return tenantIds.get(0);
        }
        if (tenantIds.isEmpty()) {
            throw new InvalidRequestException("user '" + userId + "' belongs to no tenant: ask an administrator to add them to one");
        }
        throw new InvalidRequestException("user '" + userId + "' belongs to several tenants " + tenantIds
                + ": name one with the 'tenant' field");
    }

    /** Throws the same "not found" for another tenant's row as for a missing one. */
    public <T> T requireVisible(Optional<T> row, Function<T, String> tenantOf, String what, Object id) {
        return row.filter(found -> canSee(tenantOf.apply(found))).orElseThrow(() -> new NotFoundException(what, id));
    }
}
