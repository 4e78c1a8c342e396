package io.certflow.it.support;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

/** A second tenant with one user, created once per test database, to show what a tenant's user cannot see. */
public final class TenantUsers {

    private TenantUsers() {
    }

    /** The API as {@code user}, the only member of {@code tenant}; both are created when missing. */
    public static ApiClient memberOf(IdentityService identityService, String baseUrl, String tenant, String user, String password) {
        if (identityService.createTenantQuery().tenantId(tenant).count() == 0) {
            identityService.saveTenant(identityService.newTenant(tenant));
            User member = identityService.newUser(user);
            member.setPassword(password);
            identityService.saveUser(member);
            identityService.createTenantUserMembership(tenant, user);
        }
        return new ApiClient(baseUrl, user, password);
    }
}
