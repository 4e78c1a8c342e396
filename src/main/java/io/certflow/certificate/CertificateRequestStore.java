package io.certflow.certificate;

import static io.certflow.jdbc.Columns.instant;
import static io.certflow.jdbc.Columns.integer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.certflow.crypto.KeyType;

/**
 * Certificate requests: one issuance attempt each, with the ACME order it placed and the key it
 * generated. The encrypted key is read only by {@link #findPrivateKeyEnc}, never with the row.
 */
@Repository
public class CertificateRequestStore {

    private static final String COLUMNS = """
            id, tenant_id, certificate_id, issuer_id, template_id, key_type, validation_method, approval_required,
            validity_days, order_url, public_key, process_instance_id, requested_by, created_at""";

    private final NamedParameterJdbcTemplate jdbc;

    public CertificateRequestStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(CertificateRequest request) {
        jdbc.update("""
                insert into certflow.certificate_request (id, tenant_id, certificate_id, issuer_id, template_id, key_type,
                    validation_method, approval_required, validity_days, state, requested_by, created_at, updated_at)
                values (:id, :tenantId, :certificateId, :issuerId, :templateId, :keyType, :validationMethod,
                    :approvalRequired, :validityDays, :state, :requestedBy, :now, :now)""",
                new MapSqlParameterSource()
                        .addValue("id", request.id())
                        .addValue("tenantId", request.tenantId())
                        .addValue("certificateId", request.certificateId())
                        .addValue("issuerId", request.issuerId())
                        .addValue("templateId", request.templateId())
                        .addValue("keyType", request.keyType().name())
                        .addValue("validationMethod", request.validationMethod().name())
                        .addValue("approvalRequired", request.approvalRequired())
                        .addValue("validityDays", request.validityDays())
                        .addValue("state", CertificateStatus.REQUESTED.name())
                        .addValue("requestedBy", request.requestedBy())
                        .addValue("now", Timestamp.from(request.createdAt())));
    }

    /** How each name of the request is proven (a request may mix methods). */
    public void insertValidationMethods(UUID requestId, Map<String, ValidationMethod> methods) {
        MapSqlParameterSource[] rows = methods.entrySet().stream()
                .map(entry -> new MapSqlParameterSource("request", requestId).addValue("domain", entry.getKey())
                        .addValue("method", entry.getValue().name()))
                .toArray(MapSqlParameterSource[]::new);
        jdbc.batchUpdate("insert into certflow.request_domain_validation (request_id, domain, method) values (:request, :domain, :method)",
                rows);
    }

    /** The method chosen for one name of the request, when one was recorded for it. */
    public Optional<ValidationMethod> validationMethodOf(UUID requestId, String domain) {
        return jdbc.queryForList("select method from certflow.request_domain_validation where request_id = :request and domain = :domain",
                new MapSqlParameterSource("request", requestId).addValue("domain", domain), String.class)
                .stream().findFirst().map(ValidationMethod::valueOf);
    }

    public Optional<CertificateRequest> findRequest(UUID id) {
        return jdbc.query("select " + COLUMNS + " from certflow.certificate_request where id = :id",
                new MapSqlParameterSource("id", id), CertificateRequestStore::map).stream().findFirst();
    }

    public Optional<CertificateRequest> findLatestRequestOf(UUID certificateId) {
        return jdbc.query("select " + COLUMNS + " from certflow.certificate_request where certificate_id = :id order by created_at desc",
                new MapSqlParameterSource("id", certificateId), CertificateRequestStore::map).stream().findFirst();
    }

    /** The request's key, encrypted; empty until {@link #recordKey} stored one. */
    public Optional<String> findPrivateKeyEnc(UUID requestId) {
        return jdbc.queryForList("select private_key_enc from certflow.certificate_request where id = :id",
                new MapSqlParameterSource("id", requestId), String.class).stream().filter(key -> key != null).findFirst();
    }

    /** Moves every request of the certificate that is not final yet to the certificate's new status. */
    public void updateState(UUID certificateId, CertificateStatus status, Instant now) {
        jdbc.update("update certflow.certificate_request set state = :status, updated_at = :now where certificate_id = :id and state not in (:final)",
                new MapSqlParameterSource("id", certificateId).addValue("status", status.name()).addValue("now", Timestamp.from(now))
                        .addValue("final", CertificateStatus.finalNames()));
    }

    public void markFailed(UUID requestId, String reason, Instant now) {
        jdbc.update("""
                update certflow.certificate_request set state = :failed, failure_reason = :reason, updated_at = :now
                where id = :id and state <> :issued""",
                new MapSqlParameterSource("id", requestId).addValue("reason", FailureText.bounded(reason))
                        .addValue("now", Timestamp.from(now)).addValue("failed", CertificateStatus.FAILED.name())
                        .addValue("issued", CertificateStatus.ISSUED.name()));
    }

    public void markIssued(UUID requestId, Instant now) {
        jdbc.update("update certflow.certificate_request set state = :issued, updated_at = :now where id = :id",
                new MapSqlParameterSource("id", requestId).addValue("issued", CertificateStatus.ISSUED.name())
                        .addValue("now", Timestamp.from(now)));
    }

    public void recordProcessInstance(UUID requestId, String processInstanceId) {
        jdbc.update("update certflow.certificate_request set process_instance_id = :pi where id = :id",
                new MapSqlParameterSource("id", requestId).addValue("pi", processInstanceId));
    }

    public void recordDecision(UUID requestId, String userId, String reason, Instant now) {
        jdbc.update("update certflow.certificate_request set decided_by = :user, decision_reason = :reason, updated_at = :now where id = :id",
                new MapSqlParameterSource("id", requestId).addValue("user", userId).addValue("reason", FailureText.bounded(reason))
                        .addValue("now", Timestamp.from(now)));
    }

    public int orderAttempts(UUID requestId) {
        Integer attempts = jdbc.queryForObject("select order_attempts from certflow.certificate_request where id = :id",
                new MapSqlParameterSource("id", requestId), Integer.class);
        return attempts == null ? 0 : attempts;
    }

    /** Drops the current order (only if it still is the current one) so that the next placement creates a new one. */
    public void forgetOrder(UUID requestId, String orderUrl, Instant now) {
        jdbc.update("update certflow.certificate_request set order_url = null, updated_at = :now where id = :id and order_url = :url",
                new MapSqlParameterSource("id", requestId).addValue("url", orderUrl).addValue("now", Timestamp.from(now)));
    }

    /** The order URL is stored before anything else uses it, so a repeated job finds the same order. */
    public void recordOrderUrl(UUID requestId, String orderUrl, Instant now) {
        jdbc.update("update certflow.certificate_request set order_url = :url, order_attempts = order_attempts + 1, updated_at = :now where id = :id",
                new MapSqlParameterSource("id", requestId).addValue("url", orderUrl).addValue("now", Timestamp.from(now)));
    }

    /** Keeps the first key only: a repeated job must not replace the key a CSR was already sent for. */
    public boolean recordKey(UUID requestId, String privateKeyEnc, String publicKey) {
        return jdbc.update("""
                update certflow.certificate_request set private_key_enc = :key, public_key = :publicKey
                where id = :id and private_key_enc is null""",
                new MapSqlParameterSource("id", requestId).addValue("key", privateKeyEnc).addValue("publicKey", publicKey)) == 1;
    }

    private static CertificateRequest map(ResultSet rs, int row) throws SQLException {
        return new CertificateRequest(
                rs.getObject("id", UUID.class),
                rs.getString("tenant_id"),
                rs.getObject("certificate_id", UUID.class),
                rs.getObject("issuer_id", UUID.class),
                rs.getObject("template_id", UUID.class),
                KeyType.valueOf(rs.getString("key_type")),
                ValidationMethod.valueOf(rs.getString("validation_method")),
                rs.getBoolean("approval_required"),
                integer(rs, "validity_days"),
                rs.getString("order_url"),
                rs.getString("public_key"),
                rs.getString("process_instance_id"),
                rs.getString("requested_by"),
                instant(rs, "created_at"));
    }

    /** When the issuance process polls the request's order next (its pending queue timer). */
    public void recordNextPoll(UUID requestId, Instant at) {
        jdbc.update("update certflow.certificate_request set next_poll_at = :at where id = :id",
                new MapSqlParameterSource("id", requestId).addValue("at", java.sql.Timestamp.from(at)));
    }
}
