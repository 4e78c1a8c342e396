package io.certflow.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * EXPLAIN ANALYZE of the query a renewal run pages with (RenewalCandidates.page), for its first page
 * and for a page from the middle of the candidates, planned as Certflow's connections plan it.
 */
final class CandidatePlans {

    /** RenewalCandidates.page's query, with its cursor; keep the two alike. */
    static final String PAGE = """
            select c.id, c.issuer_id, c.not_before, c.not_after from certflow.certificate c where
            c.tenant_id = $1 and c.status = 'ISSUED' and c.source = 'ISSUED' and c.auto_managed = true
            and c.successor_id is null and c.not_after <= $2 and (c.not_after, c.id) > ($3, $4)
            order by c.not_after, c.id fetch next $5 rows only""";
    static final String FIRST_PAGE = PAGE.replace(" and (c.not_after, c.id) > ($3, $4)", "")
            .replace("$5", "$3");

    private CandidatePlans() {
    }

    static String of(Connection db, String tenant, int windowDays) throws SQLException {
        String horizon = "now()::timestamp + interval '" + windowDays + " days'";
        String middle = "'-infinity'::timestamp, '00000000-0000-0000-0000-000000000000'";
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("""
                select not_after, id from certflow.certificate c where c.tenant_id = '%s' and c.status = 'ISSUED' and c.auto_managed
                and c.not_after <= %s order by not_after, id offset (select count(*) / 2 from certflow.certificate
                where status = 'ISSUED' and not_after <= %s) limit 1""".formatted(tenant, horizon, horizon))) {
            if (rs.next()) {
                middle = "'" + rs.getTimestamp(1) + "'::timestamp, '" + rs.getString(2) + "'";
            }
        }
        return "  first page:\n" + DatabaseWatch.plan(db, FIRST_PAGE, "('" + tenant + "', " + horizon + ", 200)")
                + "  a page from the middle:\n" + DatabaseWatch.plan(db, PAGE, "('" + tenant + "', " + horizon + ", " + middle + ", 200)");
    }
}
