package io.certflow.notification;

import io.certflow.error.NotFoundException;
import io.certflow.security.Caller;

/** A tenant named in the address of a call: one of the caller's, or, for the global administrator, one that exists. */
final class TenantScope {

    private TenantScope() {
    }

    /** @throws NotFoundException for another tenant's name as for one that does not exist */
    static String require(Caller caller, String tenant) {
        if (caller.tenantIds().contains(tenant) || (caller.administrator() && caller.tenantExists().test(tenant))) {
            return tenant;
        }
        throw new NotFoundException("Tenant", tenant);
    }
}
