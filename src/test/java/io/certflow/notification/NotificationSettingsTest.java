package io.certflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.certflow.error.InvalidRequestException;

class NotificationSettingsTest {

    private static List<String> problems(List<String> contacts, String level) {
        try {
            NotificationSettings.checked(contacts, level);
        } catch (InvalidRequestException refused) {
            return refused.problems();
        }
        throw new AssertionError("accepted " + contacts + " " + level);
    }

    @Test
    void addressesAreKeptWithTheirDomainsLowerCasedAndEachOnce() {
        NotificationSettings settings = NotificationSettings.checked(
                List.of("Ops.Team@Example.COM", "pager+certs@alerts.example.org", "Ops.Team@example.com"), "ALL");

        assertThat(settings.contacts()).containsExactly("Ops.Team@example.com", "pager+certs@alerts.example.org");
        assertThat(settings.level()).isEqualTo(NotificationLevel.ALL);
    }

    @Test
    void anEmptyListOfContactsIsAcceptedAndMailsNobody() {
        assertThat(NotificationSettings.checked(List.of(), "FAILURES_ONLY").contacts()).isEmpty();
    }

    @Test
    void eachBadAddressIsNamedByItsPlaceInTheList() {
        assertThat(problems(List.of("ops@example.com", "no-at-sign.example.com", "ops@localhost", "a b@example.com"), "ALL"))
                .containsExactly(
                        "contacts[1]: 'no-at-sign.example.com' is not an email address: it has no '@'",
                        "contacts[2]: 'ops@localhost' has an invalid domain: 'localhost' is not a fully qualified domain name (it needs at"
                                + " least two labels)",
                        "contacts[3]: 'a b@example.com' contains a space or other white space (U+0020) at position 2; an email address"
                                + " holds no spaces or control characters");
    }

    @Test
    void aNullOrEmptyEntryIsRefused() {
        assertThat(problems(Arrays.asList("ops@example.com", null, ""), "ALL"))
                .containsExactly("contacts[1]: an empty email address is not allowed", "contacts[2]: an empty email address is not allowed");
    }

    @Test
    void moreThanTwentyContactsAreRefusedWithTheWayAround() {
        List<String> contacts = new ArrayList<>(IntStream.rangeClosed(1, 21).mapToObj(i -> "ops" + i + "@example.com").toList());

        assertThat(problems(contacts, "ALL"))
                .containsExactly("contacts: at most 20 email addresses, not 21; name a mailing list for more people");
        assertThat(NotificationSettings.checked(contacts.subList(0, 20), "ALL").contacts()).hasSize(20);
    }

    @Test
    void anUnknownOrMissingLevelIsRefusedNamingTheLevels() {
        assertThat(problems(List.of(), "failures_only")).containsExactly(
                "level: 'failures_only' is not a level; one of ALL, FAILURES_WARNINGS_DEFERRALS, FAILURES_ONLY, DISABLED");
        assertThat(problems(List.of(), null)).containsExactly(
                "level: required, one of ALL, FAILURES_WARNINGS_DEFERRALS, FAILURES_ONLY, DISABLED");
    }

    @Test
    void missingContactsAndABadLevelAreReportedTogether() {
        assertThat(problems(null, "SOME")).containsExactly(
                "contacts: required, a list of email addresses (an empty list mails nobody)",
                "level: 'SOME' is not a level; one of ALL, FAILURES_WARNINGS_DEFERRALS, FAILURES_ONLY, DISABLED");
    }

    @Test
    void aLevelWithAControlCharacterIsShownEscapedNotAsItCame() {
        assertThatThrownBy(() -> NotificationSettings.checked(List.of(), "ALL\n"))
                .hasMessage("level: 'ALL\\u000A' is not a level; one of ALL, FAILURES_WARNINGS_DEFERRALS, FAILURES_ONLY, DISABLED");
    }
}
