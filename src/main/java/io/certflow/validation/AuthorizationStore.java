package io.certflow.validation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class AuthorizationStore {

    private final NamedParameterJdbcTemplate jdbc;

    public AuthorizationStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the authorization unless the same order already listed it (a repeated job). */
    public void insertIfAbsent(String tenantId, UUID requestId, String orderUrl, String domain, String url, boolean valid, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", UUID.randomUUID()).addValue("order", orderUrl)
                .addValue("tenantId", tenantId).addValue("request", requestId).addValue("domain", domain)
                .addValue("url", url).addValue("status", (valid ? AuthorizationStatus.VALID : AuthorizationStatus.PENDING).name())
                .addValue("now", Timestamp.from(now));
        Integer existing = jdbc.queryForObject(
                "select count(*) from certflow.domain_authorization where request_id = :request and order_url = :order and authorization_url = :url",
                params, Integer.class);
        if (existing == null || existing == 0) {
            jdbc.update("""
                    insert into certflow.domain_authorization (id, tenant_id, request_id, order_url, domain, authorization_url, status, created_at)
                    values (:id, :tenantId, :request, :order, :domain, :url, :status, :now)""", params);
        }
    }

    public List<DomainAuthorization> forOrder(UUID requestId, String orderUrl) {
        return jdbc.query("select * from certflow.domain_authorization where request_id = :request and order_url = :order order by domain",
                new MapSqlParameterSource("request", requestId).addValue("order", orderUrl), AuthorizationStore::map);
    }

    public Optional<DomainAuthorization> find(UUID id) {
        return jdbc.query("select * from certflow.domain_authorization where id = :id",
                new MapSqlParameterSource("id", id), AuthorizationStore::map).stream().findFirst();
    }

    /** The key authorization to answer an http-01 request with, while the challenge is live. */
    public Optional<String> liveKeyAuthorization(String token) {
        return jdbc.queryForList("""
                select key_authorization from certflow.domain_authorization
                where token = :token and challenge_type = 'http-01' and status in ('PRESENTED', 'TRIGGERED')""",
                new MapSqlParameterSource("token", token), String.class).stream().findFirst();
    }

    public void recordChallenge(UUID id, String type, String challengeUrl, String token, String keyAuthorization) {
        jdbc.update("""
                update certflow.domain_authorization set challenge_type = :type, challenge_url = :url, token = :token,
                    key_authorization = :keyAuthorization, status = 'PRESENTED'
                where id = :id and status in ('PENDING', 'PRESENTED')""",
                new MapSqlParameterSource("id", id).addValue("type", type).addValue("url", challengeUrl)
                        .addValue("token", token).addValue("keyAuthorization", keyAuthorization));
    }

    /** Notes where the answer went and when, once the solver published it. */
    public void recordPublication(UUID id, String recordName, Instant presentedAt) {
        jdbc.update("update certflow.domain_authorization set record_name = :name, presented_at = :at where id = :id",
                new MapSqlParameterSource("id", id).addValue("name", recordName).addValue("at", Timestamp.from(presentedAt)));
    }

    /** True when a name of this order could not be answered at all; a fresh order would fail the same way. */
    public boolean anyUnanswerable(UUID requestId, String orderUrl) {
        Integer count = jdbc.queryForObject("""
                select count(*) from certflow.domain_authorization
                where request_id = :request and order_url = :order and status = 'UNANSWERABLE'""",
                new MapSqlParameterSource("request", requestId).addValue("order", orderUrl), Integer.class);
        return count != null && count > 0;
    }

    public void updateStatus(UUID id, AuthorizationStatus status, String failureReason) {
        jdbc.update("update certflow.domain_authorization set status = :status, failure_reason = :reason where id = :id",
                new MapSqlParameterSource("id", id).addValue("status", status.name()).addValue("reason", failureReason));
    }

    private static DomainAuthorization map(ResultSet rs, int row) throws SQLException {
        return new DomainAuthorization(
                rs.getObject("id", UUID.class),
                rs.getString("tenant_id"),
                rs.getObject("request_id", UUID.class),
                rs.getString("domain"),
                rs.getString("authorization_url"),
                rs.getString("challenge_type"),
                rs.getString("challenge_url"),
                rs.getString("token"),
                rs.getString("key_authorization"),
                AuthorizationStatus.valueOf(rs.getString("status")),
                rs.getString("failure_reason"),
                rs.getString("record_name"),
                io.certflow.jdbc.Columns.instant(rs, "presented_at"));
    }
}
