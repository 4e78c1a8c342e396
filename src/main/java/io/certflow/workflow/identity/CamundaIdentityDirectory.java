package io.certflow.workflow.identity;

import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

import io.certflow.security.Caller;
import io.certflow.security.IdentityDirectory;
import io.certflow.security.Roles;

/**
 * Users, tenants and roles live in the engine's identity service, so Admin manages all of them: a
 * tenant administrator is a member of the tenant and of the group {@link Roles#TENANT_ADMINISTRATORS}.
 */
@Component
public class CamundaIdentityDirectory implements IdentityDirectory {

    private final IdentityService identityService;
    private final ProcessEngineConfigurationImpl configuration;

    public CamundaIdentityDirectory(IdentityService identityService, ProcessEngineConfigurationImpl configuration) {
        this.identityService = identityService;
        this.configuration = configuration;
    }

    @Override
    public Optional<Caller> authenticate(String userId, String password) {
        if (!identityService.checkPassword(userId, password)) {
            return Optional.empty();
        }
        return Optional.of(callerOf(userId));
    }

    @Override
    public Optional<Caller> current(String userId) {
        return lockedOut(userId) ? Optional.empty() : Optional.of(callerOf(userId));
    }

    private Caller callerOf(String userId) {
        List<String> groups = identityService.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
        boolean administrator = groups.contains(Groups.CAMUNDA_ADMIN);
        // A user belongs to a tenant directly or through one of their groups.
        List<String> tenants = identityService.createTenantQuery().userMember(userId).includingGroupsOfUser(true).list()
                .stream().map(Tenant::getId).distinct().sorted().toList();
        Set<String> administered = groups.contains(Roles.TENANT_ADMINISTRATORS) ? Set.copyOf(tenants) : Set.of();
        return new Caller(userId, administrator, tenants, administered, this::tenantExists);
    }

    /** The engine's own rule (DbIdentityServiceProvider.isUserLocked), read without a password attempt. */
    @Override
    public boolean lockedOut(String userId) {
        User user = identityService.createUserQuery().userId(userId).singleResult();
        if (!(user instanceof UserEntity entity)) {
            return true;
        }
        Date lockedUntil = entity.getLockExpirationTime();
        return entity.getAttempts() >= configuration.getLoginMaxAttempts()
                || lockedUntil != null && lockedUntil.after(ClockUtil.getCurrentTime());
    }

    public boolean tenantExists(String tenantId) {
        return identityService.createTenantQuery().tenantId(tenantId).count() == 1;
    }
}
