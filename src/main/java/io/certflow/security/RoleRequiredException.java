package io.certflow.security;

/** The caller sees the row or tenant but lacks the role the action needs: HTTP 403. */
public class RoleRequiredException extends RuntimeException {

    public RoleRequiredException(String userId, String tenantId, String action) {
        super("Only an administrator of tenant '" + tenantId + "' may " + action + "; user '" + userId
                + "' is a member. An administrator makes a member a tenant administrator in Admin by adding them to the group '"
                + Roles.TENANT_ADMINISTRATORS + "'");
    }
}
