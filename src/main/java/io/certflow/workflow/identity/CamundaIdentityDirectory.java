package io.certflow.workflow.identity;

import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.stereotype.Component;

import io.certflow.security.Caller;
import io.certflow.security.IdentityDirectory;

/** Users and tenants live in the engine's identity service, so Admin manages both. */
@Component
public class CamundaIdentityDirectory implements IdentityDirectory {

    private final IdentityService identityService;

    public CamundaIdentityDirectory(IdentityService identityService) {
        this.identityService = identityService;
    }

    @Override
    public Optional<Caller> authenticate(String userId, String password) {
        if (!identityService.checkPassword(userId, password)) {
            return Optional.empty();
        }
        List<String> groups = identityService.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
        boolean administrator = groups.contains(Groups.CAMUNDA_ADMIN);
        // A user belongs to a tenant directly or through one of their groups.
        List<String> tenants = identityService.createTenantQuery().userMember(userId).includingGroupsOfUser(true).list()
                .stream().map(Tenant::getId).distinct().sorted().toList();
        return Optional.of(new Caller(userId, administrator, tenants));
    }
}
