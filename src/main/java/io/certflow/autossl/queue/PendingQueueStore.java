package io.certflow.autossl.queue;

import static io.certflow.jdbc.Columns.instant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.certflow.jdbc.Like;

/** The AutoSSL certificates of a tenant still being issued, sorted and searched in the database, a page at a time. */
@Repository
public class PendingQueueStore {

    /** What the API sorts by, and the column that means; every sort ends with the certificate's id, so pages never overlap. */
    static final Map<String, String> SORTS = Map.of(
            "account", "a.name",
            "names", "(select min(n.domain) from certflow.certificate_domain n where n.certificate_id = c.id)",
            "provider", "i.name",
            "age", "r.created_at",
            "status", "c.status",
            "nextPoll", "r.next_poll_at");

    private static final String FROM = """
            from certflow.certificate c
            join certflow.hosting_account a on a.id = c.autossl_account_id
            join certflow.issuer i on i.id = c.issuer_id
            join certflow.certificate_request r on r.certificate_id = c.id
            where c.tenant_id = :tenant and c.status in ('REQUESTED', 'AWAITING_APPROVAL', 'AWAITING_TERMS', 'VALIDATING', 'PROCESSING')
            """;
    private static final String SEARCH = " and (lower(a.name) like :q" + Like.ESCAPE + " or exists (select 1 from certflow.certificate_domain d"
            + " where d.certificate_id = c.id and d.domain like :q" + Like.ESCAPE + "))\n";

    private final NamedParameterJdbcTemplate jdbc;

    public PendingQueueStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Row(UUID certificateId, String account, String provider, String status, java.time.Instant requestedAt,
               java.time.Instant nextPollAt) {
    }

    List<Row> page(String tenantId, String q, String sort, boolean descending, int offset, int limit) {
        String direction = descending ? " desc" : " asc";
        // Nulls (no poll yet) last either way, as on H2 and PostgreSQL alike.
        String order = " order by case when " + SORTS.get(sort) + " is null then 1 else 0 end, " + SORTS.get(sort) + direction
                + ", c.id" + direction;
        return jdbc.query("select c.id, a.name as account, i.name as provider, c.status, r.created_at, r.next_poll_at "
                        + FROM + (q == null ? "" : SEARCH) + order + " offset :offset rows fetch next :limit rows only",
                params(tenantId, q).addValue("offset", offset).addValue("limit", limit),
                (rs, row) -> new Row(rs.getObject("id", UUID.class), rs.getString("account"), rs.getString("provider"), rs.getString("status"),
                        instant(rs, "created_at"), instant(rs, "next_poll_at")));
    }

    long count(String tenantId, String q) {
        Long count = jdbc.queryForObject("select count(*) " + FROM + (q == null ? "" : SEARCH), params(tenantId, q), Long.class);
        return count == null ? 0 : count;
    }

    /** The names of each certificate, in the order it holds them. */
    Map<UUID, List<String>> namesOf(List<UUID> certificateIds) {
        Map<UUID, List<String>> names = new LinkedHashMap<>();
        if (certificateIds.isEmpty()) {
            return names;
        }
        jdbc.query("select certificate_id, domain from certflow.certificate_domain where certificate_id in (:ids) order by domain",
                new MapSqlParameterSource("ids", certificateIds),
                rs -> {
                    names.computeIfAbsent(rs.getObject("certificate_id", UUID.class), id -> new ArrayList<>()).add(rs.getString("domain"));
                });
        return names;
    }

    private static MapSqlParameterSource params(String tenantId, String q) {
        MapSqlParameterSource params = new MapSqlParameterSource("tenant", tenantId);
        if (q != null) {
            params.addValue("q", Like.containingLowerCase(q));
        }
        return params;
    }
}
