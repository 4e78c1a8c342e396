package io.certflow.issuer;

import static io.certflow.jdbc.Columns.integer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import io.certflow.certificate.ValidationMethod;
import io.certflow.crypto.KeyType;
import io.certflow.jdbc.TenantRows;

@Repository
public class TemplateStore {

    private final NamedParameterJdbcTemplate jdbc;

    public TemplateStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(IssuingTemplate template, Instant now) {
        jdbc.update("""
                insert into certflow.issuing_template (id, tenant_id, name, issuer_id, key_type, validity_days,
                    validation_method, approval_required, profile, created_at)
                values (:id, :tenantId, :name, :issuerId, :keyType, :validityDays, :validationMethod, :approvalRequired, :profile, :now)""",
                new MapSqlParameterSource("id", template.id())
                        .addValue("tenantId", template.tenantId())
                        .addValue("name", template.name())
                        .addValue("issuerId", template.issuerId())
                        .addValue("keyType", template.keyType().name())
                        .addValue("validityDays", template.validityDays())
                        .addValue("validationMethod", template.validationMethod().name())
                        .addValue("approvalRequired", template.approvalRequired())
                        .addValue("profile", template.profile())
                        .addValue("now", Timestamp.from(now)));
    }

    public Optional<IssuingTemplate> findByName(String tenantId, String name) {
        return jdbc.query("select * from certflow.issuing_template where tenant_id = :tenantId and name = :name",
                new MapSqlParameterSource("tenantId", tenantId).addValue("name", name), TemplateStore::map).stream().findFirst();
    }

    public Optional<IssuingTemplate> findById(UUID id) {
        return jdbc.query("select * from certflow.issuing_template where id = :id", new MapSqlParameterSource("id", id),
                TemplateStore::map).stream().findFirst();
    }

    /** Whether any template of the issuer has a person approve its requests. */
    public boolean anyRequiresApproval(UUID issuerId) {
        Boolean any = jdbc.queryForObject(
                "select count(*) > 0 from certflow.issuing_template where issuer_id = :issuerId and approval_required = true",
                new MapSqlParameterSource("issuerId", issuerId), Boolean.class);
        return Boolean.TRUE.equals(any);
    }

    public List<IssuingTemplate> list(Collection<String> tenantIds) {
        return TenantRows.list(jdbc, "certflow.issuing_template", "tenant_id, name", tenantIds, TemplateStore::map);
    }

    private static IssuingTemplate map(ResultSet rs, int row) throws SQLException {
        return new IssuingTemplate(
                rs.getObject("id", UUID.class),
                rs.getString("tenant_id"),
                rs.getString("name"),
                rs.getObject("issuer_id", UUID.class),
                KeyType.valueOf(rs.getString("key_type")),
                integer(rs, "validity_days"),
                ValidationMethod.valueOf(rs.getString("validation_method")),
                rs.getBoolean("approval_required"),
                rs.getString("profile"));
    }
}
