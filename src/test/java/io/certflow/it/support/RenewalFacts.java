package io.certflow.it.support;

import java.security.cert.X509Certificate;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.certflow.crypto.Pem;

/**
 * What the database says about the renewals of a set of certificates: the facts a test counts
 * instead of trusting the API's own view of them. Every query names the certificates, so other
 * certificates in the same database do not count.
 */
public final class RenewalFacts {

    private final PostgresServer.Database database;

    public RenewalFacts(PostgresServer.Database database) {
        this.database = database;
    }

    /** Certificates of the set in each status. */
    public Map<String, Long> statuses(List<UUID> certificates) {
        return grouped("select status, count(*) from certflow.certificate where id = any(?) group by status order by status", certificates);
    }

    public long inStatus(List<UUID> certificates, String status) {
        return statuses(certificates).getOrDefault(status, 0L);
    }

    /** Certificates whose predecessor is one of the set, in each status (a duplicate renewal shows as more than one per predecessor). */
    public Map<String, Long> successorStatuses(List<UUID> certificates) {
        return grouped("select status, count(*) from certflow.certificate where predecessor_id = any(?) group by status order by status",
                certificates);
    }

    /** Certificates of the set that have more than one successor (of any status). */
    public long withSeveralSuccessors(List<UUID> certificates) {
        return single("""
                select count(*) from (select predecessor_id from certflow.certificate where predecessor_id = any(?)
                                      group by predecessor_id having count(*) > 1) twice""", certificates);
    }

    /** Superseded certificates of the set whose successor_id does not name the one certificate whose predecessor they are. */
    public long supersededWithoutTheirSuccessor(List<UUID> certificates) {
        return single("""
                select count(*) from certflow.certificate c where c.id = any(?) and c.status = 'SUPERSEDED'
                and not exists (select 1 from certflow.certificate s where s.id = c.successor_id and s.predecessor_id = c.id
                                and s.status = 'ISSUED')""", certificates);
    }

    /** Renewal rows of the set in each state, and how many are still in flight. */
    public Map<String, Long> renewalStates(List<UUID> certificates) {
        Map<String, Long> states = grouped("select state, count(*) from certflow.renewal where certificate_id = any(?) group by state order by state",
                certificates);
        states.put("in flight", single("select count(*) from certflow.renewal where in_flight_certificate_id = any(?)", certificates));
        return states;
    }

    /** CertificateRenewalProcess instances of the set in the history, by the event they ended at ("running" while not ended). */
    public Map<String, Long> renewalProcessEnds(List<UUID> certificates) {
        return grouped("""
                select coalesce(end_act_id_, 'running'), count(*) from act_hi_procinst
                where proc_def_key_ = 'CertificateRenewalProcess' and business_key_ = any(?::varchar[]) group by 1 order by 1""",
                certificates.stream().map(UUID::toString).toList());
    }

    /** Certificates of the set with other than exactly one CertificateRenewalProcess instance in the history. */
    public long notRenewedByExactlyOneProcess(List<UUID> certificates) {
        return single("""
                select count(*) from unnest(?::varchar[]) as c(id)
                where (select count(*) from act_hi_procinst p where p.proc_def_key_ = 'CertificateRenewalProcess'
                       and p.business_key_ = c.id) <> 1""", certificates.stream().map(UUID::toString).toList());
    }

    /** Process instances still running, of any definition, and jobs still waiting. */
    public long runningProcesses() {
        return single("select count(*) from act_ru_execution where parent_id_ is null", List.of());
    }

    public long incidents() {
        return single("select (select count(*) from act_ru_incident) + (select count(*) from act_hi_incident)", List.of());
    }

    /** The leaves of the set's successors, each with the intermediate of the CA of its issuer. */
    public List<X509Certificate[]> successorLeavesWithTheirIntermediate(List<UUID> certificates) {
        List<X509Certificate[]> pairs = new ArrayList<>();
        query("""
                select s.chain_pem, ca.intermediate_pem from certflow.certificate s
                join certflow.issuer i on i.id = s.issuer_id join certflow.certificate_authority ca on ca.id = i.ca_id
                where s.predecessor_id = any(?)""", certificates, rs -> {
            pairs.add(new X509Certificate[] {Pem.readCertificates(rs.getString(1)).get(0), Pem.readCertificates(rs.getString(2)).get(0)});
        });
        return pairs;
    }

    /** Moves the certificates' validity into the past: as if issued 89 days ago with 90 days of validity (no CA backdates). */
    public void makeDue(List<UUID> certificates) {
        update("""
                update certflow.certificate set not_before = now() - interval '89 days', not_after = now() + interval '1 day'
                where id = any(?)""", certificates);
    }

    public long single(String sql, List<?> ids) {
        long[] result = new long[1];
        query(sql, ids, rs -> result[0] = rs.getLong(1));
        return result[0];
    }

    private Map<String, Long> grouped(String sql, List<?> ids) {
        Map<String, Long> counts = new LinkedHashMap<>();
        query(sql, ids, rs -> counts.put(rs.getString(1), rs.getLong(2)));
        return counts;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<?> ids, Row row) {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, sql, ids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private void update(String sql, List<?> ids) {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, sql, ids);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void bind(Connection connection, PreparedStatement statement, String sql, List<?> ids) throws SQLException {
        if (sql.contains("?")) {
            boolean uuids = !ids.isEmpty() && ids.get(0) instanceof UUID;
            Array array = connection.createArrayOf(uuids ? "uuid" : "varchar", ids.toArray());
            statement.setArray(1, array);
        }
    }
}
