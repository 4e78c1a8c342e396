package io.certflow.renewal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.security.Caller;

/**
 * How many of the caller's issued certificates expire in each of the next {@value #WEEKS} weeks, each
 * week split into those Certflow will renew and those it will not ({@link RenewedByCertflow}). One
 * aggregate query: the database counts, no certificate is loaded, so the chart costs the same for a
 * hundred certificates as for a hundred thousand. Weeks are whole UTC days from today, so that each is
 * a date range the certificates table can filter by.
 */
@Service
public class ExpiryTimeline {

    public static final int WEEKS = 13;

    /**
     * @param firstDay the week's first day (UTC), from its start
     * @param lastDay  the week's last day (UTC), to its end
     */
    public record Week(int index, LocalDate firstDay, LocalDate lastDay, long renewed, long notRenewed) {

        public long total() {
            return renewed + notRenewed;
        }
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public ExpiryTimeline(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The next {@value #WEEKS} weeks from today (UTC), every one of them, also those in which nothing expires. */
    @Transactional(readOnly = true)
    public List<Week> weeks(Caller caller) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<String> tenants = caller.visibleTenants();
        Map<Integer, long[]> counts = tenants != null && tenants.isEmpty() ? Map.of() : counts(today, tenants);
        List<Week> weeks = new ArrayList<>(WEEKS);
        for (int i = 0; i < WEEKS; i++) {
            long[] count = counts.getOrDefault(i, new long[2]);
            weeks.add(new Week(i, today.plusDays(7L * i), today.plusDays(7L * i + 6), count[0], count[1]));
        }
        return weeks;
    }

    /** Week index to {renewed, not renewed}, for the weeks in which something expires. */
    private Map<Integer, long[]> counts(LocalDate today, List<String> tenants) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        StringBuilder week = new StringBuilder("case");
        for (int i = 0; i <= WEEKS; i++) {
            params.addValue("b" + i, Timestamp.from(today.plusDays(7L * i).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        for (int i = 0; i < WEEKS; i++) {
            week.append(" when c.not_after < :b").append(i + 1).append(" then ").append(i);
        }
        week.append(" end");
        String scope = "";
        if (tenants != null) {
            scope = " and c.tenant_id in (:tenants)";
            params.addValue("tenants", tenants);
        }
        Map<Integer, long[]> counts = new HashMap<>();
        jdbc.query("select week, sum(renewed) as renewed, count(*) as expiring from (select " + week + " as week, case when "
                + RenewedByCertflow.EXPRESSION + " then 1 else 0 end as renewed from certflow.certificate c" + RenewedByCertflow.JOINS
                + " where c.status = 'ISSUED' and c.not_after >= :b0 and c.not_after < :b" + WEEKS + scope + ") expiring group by week",
                params, rs -> {
                    long renewed = rs.getLong("renewed");
                    counts.put(rs.getInt("week"), new long[] {renewed, rs.getLong("expiring") - renewed});
                });
        return counts;
    }
}
