package io.certflow.workflow.identity;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.certflow.config.CertflowProperties;
import io.certflow.issuer.IssuerService;

/**
 * First start: one tenant, the administrator in it, and its private CA issuer, so a new user can
 * issue a certificate with nothing else set up. Later starts change nothing.
 */
@Component
public class DefaultTenantBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DefaultTenantBootstrap.class);

    private final IdentityService identityService;
    private final IssuerService issuers;
    private final CertflowProperties properties;
    private final CamundaBpmProperties camunda;

    public DefaultTenantBootstrap(IdentityService identityService, IssuerService issuers, CertflowProperties properties,
                                  CamundaBpmProperties camunda) {
        this.identityService = identityService;
        this.issuers = issuers;
        this.properties = properties;
        this.camunda = camunda;
    }

    /** Called by {@link StartupBootstrap} before the web server takes requests. */
    public void bootstrap() {
        String tenantId = properties.defaultTenant();
        if (identityService.createTenantQuery().count() == 0) {
            Tenant tenant = identityService.newTenant(tenantId);
            tenant.setName("Default tenant");
            identityService.saveTenant(tenant);
            log.info("Created tenant '{}'", tenantId);
        }
        String adminId = camunda.getAdminUser() == null ? null : camunda.getAdminUser().getId();
        if (adminId != null && identityService.createTenantQuery().tenantId(tenantId).count() == 1
                && identityService.createUserQuery().userId(adminId).count() == 1
                && identityService.createTenantQuery().tenantId(tenantId).userMember(adminId).count() == 0) {
            identityService.createTenantUserMembership(tenantId, adminId);
        }
        if (identityService.createTenantQuery().tenantId(tenantId).count() == 1) {
            issuers.ensurePrivateCa(tenantId, properties.privateCa().defaultIssuerName());
        }
    }
}
