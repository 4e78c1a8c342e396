package io.certflow.renewal;

import static io.certflow.jdbc.Columns.instant;
import static io.certflow.jdbc.Columns.timestamp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateStore;
import io.certflow.notification.Notification;
import io.certflow.notification.NotificationKind;
import io.certflow.notification.NotificationService;

/**
 * Tells people about the certificates that expire without Certflow renewing them: uploads, those not
 * auto-managed, those of a tenant whose policy is off (a warning 14, 7, 3 and 1 days before), and
 * every issued certificate that expired without a successor (a failure). CAs stopped mailing expiry
 * warnings, so this is what people rely on. Each warning is raised once: its key names the
 * certificate and the threshold, and the daily run finds the same certificate again.
 */
@Service
public class ExpiryWarnings {

    /** Days before expiry at which a certificate Certflow will not renew is a warning, widest first. */
    static final List<Integer> THRESHOLDS = List.of(14, 7, 3, 1);

    /** One certificate of any tenant that expires soon, with whether Certflow renews it. */
    record Expiring(UUID id, String tenantId, Instant notAfter, boolean renewed) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final CertificateStore certificates;
    private final NotificationService notifications;
    private final Clock clock;

    public ExpiryWarnings(NamedParameterJdbcTemplate jdbc, CertificateStore certificates, NotificationService notifications, Clock clock) {
        this.jdbc = jdbc;
        this.certificates = certificates;
        this.notifications = notifications;
        this.clock = clock;
    }

    /**
     * Warns of one page of the certificates that expire within 14 days or have expired, earliest first,
     * after {@code cursor} ("<epoch millis>/<id>", null: from the start). Returns the next cursor, or null
     * when this was the last page.
     */
    @Transactional
    public String warnNextPage(String cursor, int size) {
        Instant now = clock.instant();
        List<Expiring> page = page(now.plus(Duration.ofDays(THRESHOLDS.get(0))), cursor, size);
        for (Expiring expiring : page) {
            if (!expiring.notAfter().isAfter(now)) {
                raise(expiring, NotificationKind.FAILURE, "Expired: %s", "The certificate for %s (" + expiring.id() + ") expired at "
                        + expiring.notAfter() + " and was not renewed. Clients now refuse it.", "expired:" + expiring.id());
            } else if (!expiring.renewed()) {
                int threshold = threshold(Duration.between(now, expiring.notAfter()));
                raise(expiring, NotificationKind.WARNING, "Expires in " + threshold + (threshold == 1 ? " day: %s" : " days: %s"),
                        "The certificate for %s (" + expiring.id() + ") expires at " + expiring.notAfter()
                                + ", and Certflow will not renew it (it was uploaded, is not auto-managed, the tenant's renewal"
                                + " policy is off, or it is an AutoSSL certificate of an account AutoSSL is off for). Replace or renew it"
                                + " before then.", "expiring:" + expiring.id() + ":" + threshold + "d");
            }
        }
        if (page.size() < size) {
            return null;
        }
        Expiring last = page.get(page.size() - 1);
        return last.notAfter().toEpochMilli() + "/" + last.id();
    }

    /** The narrowest threshold the time left is within: 5 days left is the 7-day warning. */
    static int threshold(Duration left) {
        int threshold = THRESHOLDS.get(0);
        for (int days : THRESHOLDS) {
            if (left.compareTo(Duration.ofDays(days)) <= 0) {
                threshold = days;
            }
        }
        return threshold;
    }

    private void raise(Expiring expiring, NotificationKind kind, String subject, String body, String key) {
        Certificate certificate = certificates.findCertificate(expiring.id()).orElseThrow();
        String names = certificate.domains().isEmpty() ? certificate.id().toString() : String.join(", ", certificate.domains());
        notifications.raise(new Notification(expiring.tenantId(), kind, String.format(subject, names), String.format(body, names) + "\n",
                key));
    }

    private List<Expiring> page(Instant horizon, String cursor, int size) {
        MapSqlParameterSource params = new MapSqlParameterSource("horizon", timestamp(horizon)).addValue("size", size);
        String after = "";
        if (cursor != null) {
            String[] parts = cursor.split("/", 2);
            after = " and (c.not_after > :afterNotAfter or (c.not_after = :afterNotAfter and c.id > :afterId))";
            params.addValue("afterNotAfter", timestamp(Instant.ofEpochMilli(Long.parseLong(parts[0])))).addValue("afterId",
                    UUID.fromString(parts[1]));
        }
        return jdbc.query("""
                select c.id, c.tenant_id, c.not_after, """ + RenewedByCertflow.EXPRESSION + " as renewed from certflow.certificate c"
                + RenewedByCertflow.JOINS + " where c.status = 'ISSUED' and c.not_after <= :horizon" + after
                + " order by c.not_after, c.id fetch next :size rows only",
                params, (rs, row) -> new Expiring(rs.getObject("id", UUID.class), rs.getString("tenant_id"), instant(rs, "not_after"),
                        rs.getBoolean("renewed")));
    }
}
