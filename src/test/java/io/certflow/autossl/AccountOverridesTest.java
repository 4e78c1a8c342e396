package io.certflow.autossl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.certflow.autossl.AutoSslEligibility.Effective;
import io.certflow.autossl.AutoSslEligibility.Source;
import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.notification.NotificationLevel;
import io.certflow.security.RoleRequiredException;

/** Per-account overrides of the tenant's AutoSSL default, on the real schema (H2). */
class AccountOverridesTest {

    private final AccountFixture fixture = new AccountFixture();
    private final AccountOverrides overrides = fixture.overrides;

    private Effective effective(String name) {
        return overrides.list(fixture.member, "hosting", name, 0, 50).items().stream().filter(setting -> setting.account().name().equals(name))
                .findFirst().orElseThrow().effective();
    }

    private void tenantDefault(boolean enabled) {
        fixture.settings.save(new AutoSslSettings("hosting", null, enabled, false, NotificationLevel.DEFAULT, NotificationLevel.DEFAULT,
                "ann", AccountFixture.NOW));
    }

    @Test
    void enableAndDisableOverrideTheDefaultAndResetReturnsToIt() {
        fixture.create("alice", "alice.example");
        fixture.create("bob", "bob.example");
        fixture.create("carol", "carol.example");

        List<AccountSetting> disabled = overrides.apply(fixture.administrator, null, List.of("bob", "alice", "bob"), "DISABLE");
        assertThat(disabled).extracting(setting -> setting.account().name()).containsExactly("bob", "alice");
        assertThat(disabled).extracting(AccountSetting::effective).containsOnly(new Effective(false, Source.OVERRIDE));
        assertThat(effective("carol")).isEqualTo(new Effective(true, Source.DEFAULT));

        tenantDefault(false);
        overrides.apply(fixture.administrator, "hosting", List.of("alice"), "ENABLE");
        assertThat(effective("alice")).isEqualTo(new Effective(true, Source.OVERRIDE));
        assertThat(effective("bob")).isEqualTo(new Effective(false, Source.OVERRIDE));
        assertThat(effective("carol")).isEqualTo(new Effective(false, Source.DEFAULT));

        assertThat(overrides.apply(fixture.administrator, null, List.of("alice", "bob"), "RESET"))
                .extracting(AccountSetting::effective).containsOnly(new Effective(false, Source.DEFAULT));
        tenantDefault(true);
        assertThat(effective("alice")).isEqualTo(new Effective(true, Source.DEFAULT));
        assertThat(fixture.store.findByName("hosting", "alice").orElseThrow().override()).isNull();
    }

    @Test
    void anUnknownAccountNameRefusesTheWholeCallNamingItAndChangesNothing() {
        fixture.create("alice", "alice.example");

        assertThatThrownBy(() -> overrides.apply(fixture.administrator, null, List.of("alice", "mallory", "trent"), "DISABLE"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("accounts: tenant 'hosting' has no hosting account named 'mallory', 'trent'; nothing was changed");
        assertThat(effective("alice")).isEqualTo(new Effective(true, Source.DEFAULT));
    }

    @Test
    void anAccountOfAnotherTenantIsAsUnknownAsOneThatDoesNotExist() {
        fixture.accounts.create(fixture.otherAdministrator, AccountFixture.account("olga", "olga.example"));

        assertThatThrownBy(() -> overrides.apply(fixture.administrator, null, List.of("olga"), "DISABLE"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no hosting account named 'olga'");
        assertThatThrownBy(() -> overrides.apply(fixture.administrator, "other", List.of("olga"), "DISABLE"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aBadActionOrListIsRefusedNamingTheField() {
        fixture.create("alice", "alice.example");

        assertThatThrownBy(() -> overrides.apply(fixture.administrator, null, List.of("alice"), "enable"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("action: 'enable' is not an action; one of ENABLE, DISABLE or RESET (back to the tenant's default)");
        assertThatThrownBy(() -> overrides.apply(fixture.administrator, null, List.of(), "ENABLE"))
                .hasMessage("accounts: at least one account name");
        List<String> tooMany = IntStream.range(0, 1001).mapToObj(i -> "user" + i).toList();
        assertThatThrownBy(() -> overrides.apply(fixture.administrator, null, tooMany, "ENABLE"))
                .hasMessage("accounts: at most 1000 names per call, not 1001; send the rest in another call");
        assertThatThrownBy(() -> overrides.apply(fixture.administrator, null, Collections.singletonList(null), "ENABLE"))
                .hasMessage("accounts[0]: the name of a hosting account, 1 to 100 characters");
        assertThat(effective("alice").source()).isEqualTo(Source.DEFAULT);
    }

    @Test
    void aThousandAccountsAreOverriddenInOneCall() {
        List<String> names = IntStream.range(0, 1000).mapToObj(i -> "user" + i).toList();
        names.forEach(name -> fixture.store.insert(new Account(java.util.UUID.randomUUID(), "hosting", name, null, null, null,
                AccountFixture.NOW, AccountFixture.NOW)));

        assertThat(overrides.apply(fixture.administrator, null, names, "DISABLE")).hasSize(1000)
                .allMatch(setting -> !setting.effective().enabled());
        assertThat(overrides.list(fixture.member, null, null, 0, 200).items()).allMatch(setting -> setting.account().override()
                == AutoSslOverride.DISABLE);
    }

    @Test
    void membersReadTheSettingsButOnlyAdministratorsOverride() {
        fixture.create("alice", "alice.example");

        assertThatThrownBy(() -> overrides.apply(fixture.member, null, List.of("alice"), "DISABLE")).isInstanceOf(RoleRequiredException.class)
                .hasMessageContaining("may override AutoSSL for hosting accounts");
        assertThat(effective("alice")).isEqualTo(new Effective(true, Source.DEFAULT));
    }
}
