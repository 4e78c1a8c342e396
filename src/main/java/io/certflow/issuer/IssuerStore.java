package io.certflow.issuer;

import static io.certflow.jdbc.Columns.instant;
import static io.certflow.jdbc.Columns.integer;
import static io.certflow.jdbc.Columns.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.jdbc.TenantRows;

@Repository
public class IssuerStore {

    private final NamedParameterJdbcTemplate jdbc;

    public IssuerStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Issuer issuer) {
        jdbc.update("""
                insert into certflow.issuer (id, tenant_id, name, type, directory_url, contact_email, terms_agreed_url,
                    terms_agreed_at, terms_agreed_by, terms_required_url, eab_key_id, eab_hmac_key_enc, trust_anchor_pem,
                    account_key_enc, account_url, ca_id, created_at, caa_identity, approval_required)
                values (:id, :tenantId, :name, :type, :directoryUrl, :contactEmail, :termsAgreedUrl, :termsAgreedAt,
                    :termsAgreedBy, :termsRequiredUrl, :eabKeyId, :eabHmacKeyEnc, :trustAnchorPem, :accountKeyEnc,
                    :accountUrl, :caId, :createdAt, :caaIdentity, :approvalRequired)""",
                new MapSqlParameterSource()
                        .addValue("id", issuer.id())
                        .addValue("tenantId", issuer.tenantId())
                        .addValue("name", issuer.name())
                        .addValue("type", issuer.type().name())
                        .addValue("directoryUrl", issuer.directoryUrl())
                        .addValue("contactEmail", issuer.contactEmail())
                        .addValue("termsAgreedUrl", issuer.termsAgreedUrl())
                        .addValue("termsAgreedAt", timestamp(issuer.termsAgreedAt()))
                        .addValue("termsAgreedBy", issuer.termsAgreedBy())
                        .addValue("termsRequiredUrl", issuer.termsRequiredUrl())
                        .addValue("eabKeyId", issuer.eabKeyId())
                        .addValue("eabHmacKeyEnc", issuer.eabHmacKeyEnc())
                        .addValue("trustAnchorPem", issuer.trustAnchorPem())
                        .addValue("accountKeyEnc", issuer.accountKeyEnc())
                        .addValue("accountUrl", issuer.accountUrl())
                        .addValue("caId", issuer.caId())
                        .addValue("createdAt", timestamp(issuer.createdAt()))
                        .addValue("caaIdentity", issuer.caaIdentity())
                        .addValue("approvalRequired", issuer.approvalRequired()));
    }

    public Optional<Issuer> findById(UUID id) {
        return jdbc.query("select * from certflow.issuer where id = :id", new MapSqlParameterSource("id", id), IssuerStore::map)
                .stream().findFirst();
    }

    public Optional<Issuer> findByName(String tenantId, String name) {
        return jdbc.query("select * from certflow.issuer where tenant_id = :tenantId and name = :name",
                new MapSqlParameterSource("tenantId", tenantId).addValue("name", name), IssuerStore::map).stream().findFirst();
    }

    /** Issuers of the given tenants; {@code null} means all tenants (the administrator's view). */
    public List<Issuer> list(Collection<String> tenantIds) {
        return TenantRows.list(jdbc, "certflow.issuer", "tenant_id, name", tenantIds, IssuerStore::map);
    }

    /**
     * Keeps the account created at the CA; only the first writer wins, so two racing nodes agree on one
     * account. Committed at once, whatever the caller's transaction does next: the account exists at
     * the CA from now on, and every other job of the issuer must find and use it rather than make another.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean recordAccount(UUID id, String accountKeyEnc, String accountUrl) {
        return jdbc.update("update certflow.issuer set account_key_enc = :key, account_url = :url where id = :id and account_url is null",
                new MapSqlParameterSource("id", id).addValue("key", accountKeyEnc).addValue("url", accountUrl)) == 1;
    }

    public void recordTermsRequired(UUID id, String termsUrl) {
        jdbc.update("update certflow.issuer set terms_required_url = :url where id = :id",
                new MapSqlParameterSource("id", id).addValue("url", termsUrl));
    }

    public void recordTermsAgreed(UUID id, String termsUrl, String userId, Instant at) {
        jdbc.update("""
                update certflow.issuer set terms_agreed_url = :url, terms_agreed_by = :user, terms_agreed_at = :at,
                    terms_required_url = :url where id = :id""",
                new MapSqlParameterSource("id", id).addValue("url", termsUrl).addValue("user", userId).addValue("at", timestamp(at)));
    }

    public void setApprovalRequired(UUID id, boolean approvalRequired) {
        jdbc.update("update certflow.issuer set approval_required = :required where id = :id",
                new MapSqlParameterSource("id", id).addValue("required", approvalRequired));
    }

    public void setOrdersPerHour(UUID id, int ordersPerHour) {
        jdbc.update("update certflow.issuer set orders_per_hour = :orders where id = :id",
                new MapSqlParameterSource("id", id).addValue("orders", ordersPerHour));
    }

    private static Issuer map(ResultSet rs, int row) throws SQLException {
        return new Issuer(
                rs.getObject("id", UUID.class),
                rs.getString("tenant_id"),
                rs.getString("name"),
                IssuerType.valueOf(rs.getString("type")),
                rs.getString("directory_url"),
                rs.getString("contact_email"),
                rs.getString("terms_agreed_url"),
                instant(rs, "terms_agreed_at"),
                rs.getString("terms_agreed_by"),
                rs.getString("terms_required_url"),
                rs.getString("eab_key_id"),
                rs.getString("eab_hmac_key_enc"),
                rs.getString("trust_anchor_pem"),
                rs.getString("account_key_enc"),
                rs.getString("account_url"),
                rs.getObject("ca_id", UUID.class),
                instant(rs, "created_at"),
                rs.getString("caa_identity"),
                rs.getBoolean("approval_required"),
                integer(rs, "orders_per_hour"));
    }
}
