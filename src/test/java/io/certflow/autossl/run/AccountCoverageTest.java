package io.certflow.autossl.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.certflow.autossl.run.AccountCoverage.Holder;
import io.certflow.autossl.run.AccountCoverage.Need;
import io.certflow.autossl.run.AccountCoverage.NameVerdict;
import io.certflow.autossl.run.AccountCoverage.Piece;

class AccountCoverageTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private static Holder autoSsl(Set<String> names, int daysLeft, int dueInDays) {
        return new Holder(UUID.randomUUID(), names, true, true, NOW.plus(Duration.ofDays(daysLeft)), NOW.plus(Duration.ofDays(dueInDays)));
    }

    private static Holder other(Set<String> names, Duration left) {
        return new Holder(UUID.randomUUID(), names, false, true, NOW.plus(left), null);
    }

    @Test
    void aNameNoCertificateHoldsNeedsOne() {
        assertThat(AccountCoverage.judge("example.test", List.of(), false, NOW).need()).isEqualTo(Need.ORDER);
    }

    @Test
    void aValidAutoSslCertificateCoversItsNamesUntilItIsDueAndThenItsSuccessorIsOrderedInItsPlace() {
        Holder current = autoSsl(Set.of("example.test"), 60, 30);
        Holder due = autoSsl(Set.of("due.test"), 20, -1);

        assertThat(AccountCoverage.judge("example.test", List.of(current, due), false, NOW).need()).isEqualTo(Need.COVERED);
        NameVerdict dueVerdict = AccountCoverage.judge("due.test", List.of(current, due), false, NOW);
        assertThat(dueVerdict.need()).isEqualTo(Need.ORDER);
        assertThat(dueVerdict.replaces()).isEqualTo(due.id());
    }

    @Test
    void anAutoSslCertificateBeingIssuedIsNotOrderedAgain() {
        Holder issuing = new Holder(UUID.randomUUID(), Set.of("example.test"), true, false, NOW, null);

        assertThat(AccountCoverage.judge("example.test", List.of(issuing), false, NOW).need()).isEqualTo(Need.BEING_ISSUED);
    }

    @Test
    void withReplacingOffACertificateAutoSslDidNotIssueIsNeverReplacedValidForTwoDaysOrExpired() {
        assertThat(AccountCoverage.judge("a.test", List.of(other(Set.of("a.test"), Duration.ofDays(2))), false, NOW).need())
                .isEqualTo(Need.KEPT_BY_OTHER);
        assertThat(AccountCoverage.judge("a.test", List.of(other(Set.of("a.test"), Duration.ofDays(-1))), false, NOW).need())
                .isEqualTo(Need.KEPT_BY_OTHER);
    }

    @Test
    void withReplacingOnACertificateAutoSslDidNotIssueIsReplacedWhenItExpiresWithinThreeDaysOrHasExpiredAndKeptWhenValidForTwenty() {
        Holder twoDays = other(Set.of("a.test"), Duration.ofDays(2));
        Holder twentyDays = other(Set.of("b.test"), Duration.ofDays(20));
        Holder expired = other(Set.of("c.test"), Duration.ofDays(-1));
        List<Holder> holders = List.of(twoDays, twentyDays, expired);

        NameVerdict a = AccountCoverage.judge("a.test", holders, true, NOW);
        assertThat(a.need()).isEqualTo(Need.ORDER);
        assertThat(a.replaces()).isEqualTo(twoDays.id());
        assertThat(AccountCoverage.judge("b.test", holders, true, NOW).need()).isEqualTo(Need.KEPT_BY_OTHER);
        assertThat(AccountCoverage.judge("c.test", holders, true, NOW).need()).isEqualTo(Need.ORDER);
    }

    @Test
    void anAutoSslCertificateWinsOverOneAutoSslDidNotIssueForTheSameName() {
        Holder ours = autoSsl(Set.of("a.test"), 60, 30);

        assertThat(AccountCoverage.judge("a.test", List.of(other(Set.of("a.test"), Duration.ofDays(1)), ours), true, NOW).need())
                .isEqualTo(Need.COVERED);
    }

    @Test
    void aDomainWithANameToOrderGetsOneCertificateWithItsCoveredNamesThatReplacesTheirCertificate() {
        Holder current = autoSsl(Set.of("example.test", "www.example.test"), 60, 30);
        List<NameVerdict> verdicts = List.of(
                AccountCoverage.judge("example.test", List.of(current), false, NOW),
                AccountCoverage.judge("www.example.test", List.of(current), false, NOW),
                AccountCoverage.judge("mail.example.test", List.of(current), false, NOW));

        List<Piece> pieces = AccountCoverage.piecesToOrder(verdicts, Set.of("mail.example.test"), List.of(current), 100);

        assertThat(pieces).containsExactly(new Piece(List.of("example.test", "www.example.test", "mail.example.test"), current.id()));
    }

    @Test
    void aDomainWhoseOnlyNameToOrderFailedItsPreflightOrdersNothing() {
        Holder current = autoSsl(Set.of("example.test"), 60, 30);
        List<NameVerdict> verdicts = List.of(AccountCoverage.judge("example.test", List.of(current), false, NOW),
                AccountCoverage.judge("mail.example.test", List.of(current), false, NOW));

        assertThat(AccountCoverage.piecesToOrder(verdicts, Set.of(), List.of(current), 100)).isEmpty();
    }

    @Test
    void namesBeyondTheProvidersNamesPerCertificateGoIntoMoreCertificates() {
        List<NameVerdict> verdicts = List.of("a.test", "b.test", "c.test").stream()
                .map(name -> AccountCoverage.judge(name, List.of(), false, NOW)).toList();

        List<Piece> pieces = AccountCoverage.piecesToOrder(verdicts, Set.of("a.test", "b.test", "c.test"), List.of(), 2);

        assertThat(pieces).extracting(Piece::names).containsExactly(List.of("a.test", "b.test"), List.of("c.test"));
    }
}
