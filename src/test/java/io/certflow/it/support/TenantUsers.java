package io.certflow.it.support;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

import io.certflow.security.Roles;

/**
 * Users of tenants, created once per test database: plain members, to show what a tenant's user
 * may and may not do, and tenant administrators (members of the tenant and of the group
 * {@link Roles#TENANT_ADMINISTRATORS}), as an administrator makes them in Admin.
 */
public final class TenantUsers {

    private TenantUsers() {
    }

    /** The API as {@code user}, a plain member of {@code tenant}; tenant, user and membership are created when missing. */
    public static ApiClient memberOf(IdentityService identityService, String baseUrl, String tenant, String user, String password) {
        ensureMember(identityService, tenant, user, password);
        return new ApiClient(baseUrl, user, password);
    }

    /** The API as {@code user}, an administrator of {@code tenant}; whatever is missing is created. */
    public static ApiClient administratorOf(IdentityService identityService, String baseUrl, String tenant, String user,
                                            String password) {
        ensureMember(identityService, tenant, user, password);
        if (identityService.createUserQuery().userId(user).memberOfGroup(Roles.TENANT_ADMINISTRATORS).count() == 0) {
            identityService.createMembership(user, Roles.TENANT_ADMINISTRATORS);
        }
        return new ApiClient(baseUrl, user, password);
    }

    private static void ensureMember(IdentityService identityService, String tenant, String user, String password) {
        if (identityService.createTenantQuery().tenantId(tenant).count() == 0) {
            identityService.saveTenant(identityService.newTenant(tenant));
        }
        if (identityService.createUserQuery().userId(user).count() == 0) {
            User member = identityService.newUser(user);
            member.setPassword(password);
            identityService.saveUser(member);
        }
        if (identityService.createTenantQuery().tenantId(tenant).userMember(user).count() == 0) {
            identityService.createTenantUserMembership(tenant, user);
        }
    }
}
