package io.certflow.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.certflow.renewal.ExpiryTimeline.Week;
import io.certflow.security.Caller;
import io.certflow.testing.InMemoryDatabase;

/** The expiry timeline's one query on H2: the weeks' bounds, the will/will-not-renew split, and only the caller's tenants. */
class ExpiryTimelineTest {

    private static final Instant NOW = Instant.parse("2026-03-04T15:30:00Z");
    private static final Instant TODAY = Instant.parse("2026-03-04T00:00:00Z");
    private static final String ON = "timeline-on";
    private static final String OFF = "timeline-off";

    private final NamedParameterJdbcTemplate jdbc = InMemoryDatabase.migrated();
    private final ExpiryTimeline timeline = new ExpiryTimeline(jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Caller both = new Caller("user", false, List.of(ON, OFF));

    @BeforeEach
    void policies() {
        RenewalStore store = new RenewalStore(jdbc);
        store.savePolicy(new RenewalPolicy(ON, true, 30, null, true, "admin", NOW));
        store.savePolicy(new RenewalPolicy(OFF, false, 30, null, true, "admin", NOW));
    }

    private void certificate(String tenant, String status, String source, boolean autoManaged, Instant notAfter) {
        jdbc.update("""
                insert into certflow.certificate (id, tenant_id, key_type, status, source, auto_managed, not_before, not_after,
                    created_at, updated_at)
                values (:id, :tenant, 'EC_P256', :status, :source, :autoManaged, :notBefore, :notAfter, :now, :now)""",
                new MapSqlParameterSource("id", UUID.randomUUID()).addValue("tenant", tenant).addValue("status", status)
                        .addValue("source", source).addValue("autoManaged", autoManaged)
                        .addValue("notBefore", Timestamp.from(NOW.minus(Duration.ofDays(60))))
                        .addValue("notAfter", Timestamp.from(notAfter)).addValue("now", Timestamp.from(NOW)));
    }

    private static Instant day(int days) {
        return TODAY.plus(Duration.ofDays(days));
    }

    @Test
    void thirteenWeeksFromTodayAreCountedEveryOneEvenWhenNothingExpires() {
        List<Week> weeks = timeline.weeks(both);

        assertThat(weeks).hasSize(13).allSatisfy(week -> assertThat(week.total()).isZero());
        assertThat(weeks.get(0).firstDay()).isEqualTo(LocalDate.of(2026, 3, 4));
        assertThat(weeks.get(0).lastDay()).isEqualTo(LocalDate.of(2026, 3, 10));
        assertThat(weeks.get(12).firstDay()).isEqualTo(LocalDate.of(2026, 5, 27));
        assertThat(weeks.get(12).lastDay()).isEqualTo(LocalDate.of(2026, 6, 2));
    }

    @Test
    void eachIssuedCertificateIsCountedInItsWeekAsRenewedOnlyWhenAutoManagedIssuedAndItsTenantsPolicyIsOn() {
        certificate(ON, "ISSUED", "ISSUED", true, day(0).plusSeconds(60));          // week 0, renewed
        certificate(ON, "ISSUED", "ISSUED", true, day(7).minusSeconds(1));          // week 0, renewed
        certificate(ON, "ISSUED", "UPLOADED", false, day(7));                        // week 1, not: uploaded
        certificate(ON, "ISSUED", "ISSUED", false, day(8));                          // week 1, not: not auto-managed
        certificate(OFF, "ISSUED", "ISSUED", true, day(8));                          // week 1, not: the policy is off
        certificate(ON, "ISSUED", "ISSUED", true, day(90));                          // week 12, renewed
        certificate(ON, "SUPERSEDED", "ISSUED", true, day(3));                       // replaced: not counted
        certificate(ON, "FAILED", "ISSUED", true, day(3));                           // never issued: not counted
        certificate(ON, "ISSUED", "ISSUED", true, day(91));                          // past the 13 weeks
        certificate(ON, "ISSUED", "ISSUED", true, day(-1));                          // expired yesterday

        List<Week> weeks = timeline.weeks(both);

        assertThat(weeks.get(0)).extracting(Week::renewed, Week::notRenewed).containsExactly(2L, 0L);
        assertThat(weeks.get(1)).extracting(Week::renewed, Week::notRenewed).containsExactly(0L, 3L);
        assertThat(weeks.get(12)).extracting(Week::renewed, Week::notRenewed).containsExactly(1L, 0L);
        assertThat(weeks.stream().mapToLong(Week::total).sum()).isEqualTo(6);
    }

    @Test
    void aUserCountsOnlyTheCertificatesOfTheirOwnTenantsAndTheAdministratorCountsAll() {
        certificate(ON, "ISSUED", "ISSUED", true, day(2));
        certificate(OFF, "ISSUED", "ISSUED", true, day(2));
        certificate("someone-else", "ISSUED", "ISSUED", true, day(2));

        assertThat(timeline.weeks(new Caller("on", false, List.of(ON))).get(0).total()).isEqualTo(1);
        assertThat(timeline.weeks(both).get(0).total()).isEqualTo(2);
        assertThat(timeline.weeks(new Caller("nobody", false, List.of())).get(0).total()).isZero();
        assertThat(timeline.weeks(new Caller("admin", true, List.of())).get(0).total()).isEqualTo(3);
    }
}
