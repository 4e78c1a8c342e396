package io.certflow.workflow.identity;

import static org.camunda.bpm.engine.authorization.Permissions.ACCESS;
import static org.camunda.bpm.engine.authorization.Permissions.READ;
import static org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions.READ_HISTORY;
import static org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions.READ_INSTANCE;
import static org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions.READ_TASK;
import static org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions.RETRY_JOB;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.security.Roles;

/**
 * The group of tenant administrators and what the engine lets each role see (the API checks the
 * roles itself, see {@link io.certflow.security.Caller}). The tenant check of the engine bounds
 * every grant below to the tenants a user belongs to:
 *
 * <ul>
 *   <li>every user reads the process definitions and their tenants' process instances and history
 *       in Cockpit and the engine REST API;</li>
 *   <li>tenant administrators also open Tasklist, see every task of their tenants there (they work on
 *       those whose candidate group they are), and retry their tenants' failed jobs in Cockpit.</li>
 * </ul>
 * Members of camunda-admin have every permission already.
 */
@Component
public class RoleBootstrap {

    private static final Logger log = LoggerFactory.getLogger(RoleBootstrap.class);

    private final IdentityService identityService;
    private final Grants grants;

    public RoleBootstrap(IdentityService identityService, AuthorizationService authorizations) {
        this.identityService = identityService;
        this.grants = new Grants(authorizations);
    }

    /** Called by {@link StartupBootstrap} before the web server takes requests. */
    @Transactional
    public void bootstrap() {
        if (identityService.createGroupQuery().groupId(Roles.TENANT_ADMINISTRATORS).count() == 0) {
            Group group = identityService.newGroup(Roles.TENANT_ADMINISTRATORS);
            group.setName("Certflow tenant administrators");
            group.setType("WORKFLOW");
            identityService.saveGroup(group);
            log.info("Created group '{}': add a tenant's member to it in Admin to make them the tenant's administrator",
                    Roles.TENANT_ADMINISTRATORS);
        }
        grants.toEveryone(Resources.APPLICATION, "cockpit", ACCESS);
        grants.toEveryone(Resources.PROCESS_DEFINITION, Authorization.ANY, READ, READ_INSTANCE, READ_HISTORY);
        grants.toEveryone(Resources.PROCESS_INSTANCE, Authorization.ANY, READ);

        grants.toGroup(Roles.TENANT_ADMINISTRATORS, Resources.APPLICATION, "tasklist", ACCESS);
        grants.toGroup(Roles.TENANT_ADMINISTRATORS, Resources.PROCESS_DEFINITION, Authorization.ANY, READ_TASK, RETRY_JOB);
    }
}
