package io.certflow.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;

/**
 * The authenticated user of one API call, the tenants whose rows they may see, and the tenants
 * they administer. The global administrator (group {@code camunda-admin}) sees and administers
 * every tenant's rows; see {@link Roles}.
 *
 * @param administeredTenants the tenants whose administrator the user is: members of the group
 *                            {@link Roles#TENANT_ADMINISTRATORS} administer each tenant they belong to
 * @param tenantExists        asks the identity directory whether a tenant exists, for the global
 *                            administrator, who may name any tenant
 */
public record Caller(String userId, boolean administrator, List<String> tenantIds, Set<String> administeredTenants,
                     Predicate<String> tenantExists) {

    public Caller {
        tenantIds = List.copyOf(tenantIds);
        administeredTenants = Set.copyOf(administeredTenants);
    }

    /** A user who is a plain member of each of {@code tenantIds} (or the global administrator). */
    public Caller(String userId, boolean administrator, List<String> tenantIds) {
        this(userId, administrator, tenantIds, Set.of(), tenantIds::contains);
    }

    public boolean canSee(String tenantId) {
        return administrator || tenantIds.contains(tenantId);
    }

    /** True for the tenant's administrators and the global administrator. */
    public boolean administers(String tenantId) {
        return administrator || administeredTenants.contains(tenantId);
    }

    /**
     * Lets only an administrator of the tenant go on. Call it after the row was found visible (or
     * the tenant of a new row chosen): a row of another tenant must stay a "not found", never a 403.
     *
     * @param action what the caller tried, as in "Only an administrator of tenant 't' may {action}"
     */
    public void requireAdministratorOf(String tenantId, String action) {
        if (!administers(tenantId)) {
            throw new RoleRequiredException(userId, tenantId, action);
        }
    }

    /** The tenants to filter lists by; {@code null} means no filter (administrator). */
    public List<String> visibleTenants() {
        return administrator ? null : tenantIds;
    }

    /**
     * The tenant a new row belongs to: the one asked for (it must be one of the caller's, or, for
     * the global administrator, one that exists), or the caller's only tenant.
     */
    public String tenantForNewRow(String requested) {
        if (requested != null && !requested.isBlank()) {
            if (!tenantIds.contains(requested) && !(administrator && tenantExists.test(requested))) {
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

    @Override
    public String toString() {
        return "Caller[" + userId + (administrator ? ", administrator" : "") + ", tenants " + tenantIds
                + ", administers " + administeredTenants + "]";
    }
}
