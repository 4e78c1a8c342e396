package io.certflow.validation.caa;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The CAA records Certflow added, so that what it changed in somebody's zone is on record. */
@Repository
public class CaaRecordStore {

    private final NamedParameterJdbcTemplate jdbc;

    public CaaRecordStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void recordIfAbsent(String tenantId, UUID requestId, UUID zoneId, String record, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource("id", UUID.randomUUID()).addValue("tenant", tenantId)
                .addValue("request", requestId).addValue("zone", zoneId).addValue("record", record)
                .addValue("now", Timestamp.from(now));
        Integer existing = jdbc.queryForObject(
                "select count(*) from certflow.caa_record_added where request_id = :request and record = :record", params, Integer.class);
        if (existing == null || existing == 0) {
            jdbc.update("""
                    insert into certflow.caa_record_added (id, tenant_id, request_id, zone_id, record, created_at)
                    values (:id, :tenant, :request, :zone, :record, :now)""", params);
        }
    }

    /** The records added for any request of the certificate, oldest first. */
    public List<String> forCertificate(UUID certificateId) {
        return jdbc.queryForList("""
                select a.record from certflow.caa_record_added a
                join certflow.certificate_request r on r.id = a.request_id
                where r.certificate_id = :certificate order by a.created_at, a.record""",
                new MapSqlParameterSource("certificate", certificateId), String.class);
    }
}
