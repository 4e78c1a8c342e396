package io.certflow.autossl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.certflow.autossl.AccountService.DomainInput;
import io.certflow.autossl.AccountService.NewAccount;

/** Finding accounts: the search over names and domains, the pages of the API, and the runs' cursor (H2). */
class AccountStoreTest {

    private final AccountFixture fixture = new AccountFixture();

    private List<String> names(String query) {
        return fixture.accounts.list(fixture.member, null, query, 0, 50).items().stream().map(details -> details.account().name()).toList();
    }

    @Test
    void theSearchFindsPartOfAnAccountsNameOrOfOneOfItsDomainsInAnyCase() {
        fixture.create("Alice", "alice-shop.example", "blog.example");
        fixture.create("bob", "bob.example", "SHOP-bob.example");
        fixture.create("carol", "carol.example");

        assertThat(names("ALI")).containsExactly("Alice");
        assertThat(names("shop")).containsExactly("Alice", "bob");
        assertThat(names("BLOG.EXAMPLE")).containsExactly("Alice");
        assertThat(names(".example")).containsExactly("Alice", "bob", "carol");
        assertThat(names("dave")).isEmpty();
        assertThat(names(null)).containsExactly("Alice", "bob", "carol");
    }

    @Test
    void wildcardsOfSqlInTheSearchAreTakenLiterally() {
        fixture.create("a_b", "ab.example");
        fixture.create("axb", "axb.example");

        assertThat(names("a_b")).containsExactly("a_b");
        assertThat(names("%")).isEmpty();
    }

    @Test
    void pagesFollowTheNamesAndTellTheTotal() {
        for (String name : List.of("erin", "dave", "bob", "carol", "alice")) {
            fixture.create(name, name + ".example");
        }

        AccountPage<AccountDetails> second = fixture.accounts.list(fixture.member, "hosting", null, 1, 2);

        assertThat(second.items()).extracting(details -> details.account().name()).containsExactly("carol", "dave");
        assertThat(second.total()).isEqualTo(5);
        assertThat(fixture.accounts.list(fixture.member, "hosting", null, 2, 2).items()).hasSize(1);
        assertThat(fixture.accounts.list(fixture.member, "hosting", "o", 0, 1).total()).as("bob and carol").isEqualTo(2);
    }

    @Test
    void aRunPagesThroughEveryAccountOfItsTenantAfterTheLastNameItSaw() {
        for (int i = 0; i < 7; i++) {
            fixture.create("user" + (7 - i), "site" + i + ".example");
        }
        fixture.accounts.create(fixture.otherAdministrator, AccountFixture.account("user0", "other.example"));

        List<String> seen = new ArrayList<>();
        String after = null;
        for (List<Account> page = fixture.store.pageAfter("hosting", null, 3); !page.isEmpty();
             page = fixture.store.pageAfter("hosting", after, 3)) {
            page.forEach(account -> seen.add(account.name()));
            after = page.get(page.size() - 1).name();
        }

        assertThat(seen).containsExactly("user1", "user2", "user3", "user4", "user5", "user6", "user7");
    }

    @Test
    void theDomainsOfManyAccountsAreReadAtOnceInEachAccountsOrder() {
        AccountDetails alice = fixture.accounts.create(fixture.administrator, new NewAccount(null, "alice", "alice@example.net",
                List.of(new DomainInput("zeta.example", null, List.of("MAIL")), new DomainInput("alpha.example", "/srv/alpha", null)), null,
                null));
        AccountDetails bob = fixture.create("bob", "bob.example");

        var domains = fixture.store.domainsOf(List.of(alice.account().id(), bob.account().id()));

        assertThat(domains.get(alice.account().id())).containsExactly(new AccountDomain("zeta.example", null, List.of(Service.MAIL)),
                new AccountDomain("alpha.example", "/srv/alpha", List.of(Service.WEB)));
        assertThat(domains.get(bob.account().id())).extracting(AccountDomain::name).containsExactly("bob.example");
    }
}
