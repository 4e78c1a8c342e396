package io.certflow.workflow.identity;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The first start's tenant, roles and Tasklist filters, made before the web server takes its first
 * request: on ApplicationStartedEvent they came after it, and a login in between was cached for the
 * login cache's 30 s without the administrator's tenant ("belongs to no tenant").
 */
@Component
class StartupBootstrap implements SmartLifecycle {

    private final DefaultTenantBootstrap tenant;
    private final RoleBootstrap roles;
    private final TasklistFilters filters;
    private volatile boolean running;

    StartupBootstrap(DefaultTenantBootstrap tenant, RoleBootstrap roles, TasklistFilters filters) {
        this.tenant = tenant;
        this.roles = roles;
        this.filters = filters;
    }

    @Override
    public void start() {
        tenant.bootstrap();
        roles.bootstrap();
        filters.bootstrap();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Well before the web server, which starts in one of the last phases (SmartLifecycle.DEFAULT_PHASE - 2048). */
    @Override
    public int getPhase() {
        return 0;
    }
}
