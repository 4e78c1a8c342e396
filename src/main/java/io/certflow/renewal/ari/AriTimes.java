package io.certflow.renewal.ari;

import static io.certflow.jdbc.Columns.timestamp;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What the renewal runs need of ARI, read from the database only (never from the CA): the time chosen
 * inside a certificate's window, and the certificates whose time has come.
 */
@Repository
public class AriTimes {

    /**
     * The order PostgreSQL and H2 sort uuid columns in (unsigned, most significant half first), which is
     * not {@link UUID#compareTo}: for merging pages that the database sorted by id.
     */
    public static final Comparator<UUID> DATABASE_ORDER = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    private final NamedParameterJdbcTemplate jdbc;

    public AriTimes(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The time Certflow chose inside the CA's suggested window; empty while the CA was never asked or offers no ARI. */
    public Optional<Instant> ariTime(UUID certificateId) {
        return jdbc.query("select renew_at from certflow.certificate_ari where certificate_id = :id and renew_at is not null",
                new MapSqlParameterSource("id", certificateId), (rs, row) -> rs.getTimestamp("renew_at").toInstant()).stream().findFirst();
    }

    /**
     * The next page after {@code afterId} (null: from the start), in id order, of the tenant's managed
     * certificates (issued, not replaced) whose ARI time is not after {@code now}: due whatever the policy's window says.
     */
    public List<UUID> duePage(String tenantId, Instant now, UUID afterId, int size) {
        return jdbc.queryForList("""
                select a.certificate_id from certflow.certificate_ari a join certflow.certificate c on c.id = a.certificate_id
                where a.tenant_id = :tenant and a.renew_at <= :now
                  and c.status = 'ISSUED' and c.source = 'ISSUED' and c.auto_managed = true and c.successor_id is null
                  and c.autossl_account_id is null"""
                        + (afterId == null ? "" : " and a.certificate_id > :after") + " order by a.certificate_id fetch next :size rows only",
                new MapSqlParameterSource("tenant", tenantId).addValue("now", timestamp(now)).addValue("after", afterId).addValue("size", size),
                UUID.class);
    }
}
