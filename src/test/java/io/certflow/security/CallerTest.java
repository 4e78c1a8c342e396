package io.certflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.certflow.error.NotFoundException;

class CallerTest {

    private static final Set<String> EXISTING = Set.of("acme", "globex", "initech");

    private final Caller member = new Caller("max", false, List.of("acme"), Set.of(), EXISTING::contains);
    private final Caller tenantAdministrator = new Caller("ada", false, List.of("acme", "globex"), Set.of("acme", "globex"),
            EXISTING::contains);
    private final Caller globalAdministrator = new Caller("admin", true, List.of("acme"), Set.of(), EXISTING::contains);

    @Test
    void aMemberAdministersNothingAndIsToldWhichRoleIsNeeded() {
        assertThat(member.administers("acme")).isFalse();
        assertThatThrownBy(() -> member.requireAdministratorOf("acme", "create issuers"))
                .isInstanceOf(RoleRequiredException.class)
                .hasMessageContaining("Only an administrator of tenant 'acme' may create issuers")
                .hasMessageContaining("certflow-admins");
    }

    @Test
    void aTenantAdministratorAdministersTheirOwnTenantsOnly() {
        assertThat(tenantAdministrator.administers("acme")).isTrue();
        assertThat(tenantAdministrator.administers("globex")).isTrue();
        assertThat(tenantAdministrator.administers("initech")).isFalse();
        assertThat(tenantAdministrator.canSee("initech")).isFalse();
    }

    @Test
    void theGlobalAdministratorAdministersEveryTenant() {
        assertThat(globalAdministrator.administers("initech")).isTrue();
    }

    @Test
    void theGlobalAdministratorMayCreateRowsInAnExistingTenantButNotInOneThatDoesNotExist() {
        assertThat(globalAdministrator.tenantForNewRow("initech")).isEqualTo("initech");
        assertThatThrownBy(() -> globalAdministrator.tenantForNewRow("no-such-tenant"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Tenant no-such-tenant does not exist");
    }

    @Test
    void anotherTenantLooksToAMemberLikeOneThatDoesNotExist() {
        assertThatThrownBy(() -> member.tenantForNewRow("globex")).isInstanceOf(NotFoundException.class)
                .hasMessage("Tenant globex does not exist");
        assertThatThrownBy(() -> member.tenantForNewRow("no-such-tenant")).isInstanceOf(NotFoundException.class)
                .hasMessage("Tenant no-such-tenant does not exist");
    }
}
