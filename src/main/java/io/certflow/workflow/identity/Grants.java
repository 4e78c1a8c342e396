package io.certflow.workflow.identity;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resource;

/**
 * Creates the engine authorizations Certflow's roles rely on, once: a grant that exists already
 * (for the same user or group, resource and id) is left as it is, so that what an administrator
 * changed in Admin stays changed after a restart.
 */
final class Grants {

    private final AuthorizationService authorizations;

    Grants(AuthorizationService authorizations) {
        this.authorizations = authorizations;
    }

    /** To every user ("*"): what they may do is then bounded by the tenants they belong to. */
    void toEveryone(Resource resource, String resourceId, Permission... permissions) {
        create(Authorization.AUTH_TYPE_GLOBAL, null, resource, resourceId, permissions);
    }

    void toGroup(String groupId, Resource resource, String resourceId, Permission... permissions) {
        create(Authorization.AUTH_TYPE_GRANT, groupId, resource, resourceId, permissions);
    }

    private void create(int type, String groupId, Resource resource, String resourceId, Permission... permissions) {
        var existing = authorizations.createAuthorizationQuery().authorizationType(type).resourceType(resource).resourceId(resourceId);
        existing = groupId == null ? existing.userIdIn(Authorization.ANY) : existing.groupIdIn(groupId);
        if (existing.count() > 0) {
            return;
        }
        Authorization authorization = authorizations.createNewAuthorization(type);
        if (groupId == null) {
            authorization.setUserId(Authorization.ANY);
        } else {
            authorization.setGroupId(groupId);
        }
        authorization.setResource(resource);
        authorization.setResourceId(resourceId);
        for (Permission permission : permissions) {
            authorization.addPermission(permission);
        }
        authorizations.saveAuthorization(authorization);
    }
}
