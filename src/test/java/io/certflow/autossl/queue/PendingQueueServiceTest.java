package io.certflow.autossl.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import io.certflow.autossl.queue.PendingQueueService.Query;
import io.certflow.autossl.queue.PendingQueueService.QueuePage;
import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateRequest;
import io.certflow.certificate.CertificateRequestStore;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.certificate.ValidationMethod;
import io.certflow.crypto.KeyType;
import io.certflow.error.InvalidRequestException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerStore;
import io.certflow.issuer.IssuerType;
import io.certflow.security.Caller;
import io.certflow.testing.InMemoryDatabase;

class PendingQueueServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String TENANT = "hosting";

    private final NamedParameterJdbcTemplate jdbc = InMemoryDatabase.migrated();
    private final PendingQueueService queue = new PendingQueueService(new PendingQueueStore(jdbc), Clock.fixed(NOW, ZoneOffset.UTC));
    private final Caller member = new Caller("member", false, List.of(TENANT));
    private UUID issuer;

    @BeforeEach
    void anIssuer() {
        issuer = UUID.randomUUID();
        new IssuerStore(jdbc).insert(new Issuer(issuer, TENANT, "le", IssuerType.ACME, "https://ca.test/dir", null, null, null, null, null,
                null, null, null, null, null, null, NOW, null, false, null));
    }

    private UUID account(String name) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into certflow.hosting_account (id, tenant_id, name, created_at, updated_at) values (:id, :t, :n, :at, :at)",
                Map.of("id", id, "t", TENANT, "n", name, "at", java.sql.Timestamp.from(NOW)));
        return id;
    }

    /** An AutoSSL certificate of the account, requested {@code age} ago, in {@code status}. */
    private UUID pending(UUID account, String name, Duration age, CertificateStatus status, Instant nextPoll) {
        UUID id = UUID.randomUUID();
        Instant requested = NOW.minus(age);
        new CertificateStore(jdbc).insert(new Certificate(id, TENANT, issuer, List.of(name, "www." + name), KeyType.DEFAULT, status, null,
                CertificateSource.ISSUED, true, null, null, null, null, null, requested, requested, false, null));
        jdbc.update("update certflow.certificate set autossl_account_id = :a where id = :id", Map.of("a", account, "id", id));
        UUID request = UUID.randomUUID();
        new CertificateRequestStore(jdbc).insert(new CertificateRequest(request, TENANT, id, issuer, null, KeyType.DEFAULT,
                ValidationMethod.HTTP_01, false, null, null, null, null, "autossl", requested));
        if (nextPoll != null) {
            new CertificateRequestStore(jdbc).recordNextPoll(request, nextPoll);
        }
        return id;
    }

    private List<UUID> ids(QueuePage page) {
        return page.items().stream().map(PendingRequest::certificateId).toList();
    }

    @Test
    void theQueueListsOnlyAutoSslCertificatesNotIssuedYetWithTheirAccountNamesProviderAgeAndNextPoll() {
        UUID alpha = account("alpha");
        UUID waiting = pending(alpha, "a.test", Duration.ofHours(30), CertificateStatus.PROCESSING, NOW.plus(Duration.ofMinutes(40)));
        pending(alpha, "issued.test", Duration.ofHours(1), CertificateStatus.ISSUED, null);

        QueuePage page = queue.list(member, new Query(null, null, null, null, null, null));

        assertThat(ids(page)).containsExactly(waiting);
        PendingRequest request = page.items().get(0);
        assertThat(request.account()).isEqualTo("alpha");
        assertThat(request.names()).containsExactly("a.test", "www.a.test");
        assertThat(request.provider()).isEqualTo("le");
        assertThat(request.age()).isEqualTo(Duration.ofHours(30));
        assertThat(request.status()).isEqualTo("PROCESSING");
        assertThat(request.nextPollAt()).isEqualTo(NOW.plus(Duration.ofMinutes(40)));
        assertThat(page.total()).isEqualTo(1);
    }

    @Test
    void eachColumnSortsBothWaysAndPagesNeverOverlap() {
        UUID alpha = account("alpha");
        UUID zulu = account("zulu");
        UUID young = pending(zulu, "b.test", Duration.ofMinutes(10), CertificateStatus.VALIDATING, null);
        UUID old = pending(alpha, "c.test", Duration.ofDays(3), CertificateStatus.PROCESSING, NOW.plus(Duration.ofHours(20)));
        UUID middle = pending(alpha, "a.test", Duration.ofHours(30), CertificateStatus.PROCESSING, NOW.plus(Duration.ofMinutes(30)));

        assertThat(ids(queue.list(member, new Query(null, "age", "asc", null, null, null)))).containsExactly(young, middle, old);
        assertThat(ids(queue.list(member, new Query(null, "age", "desc", null, null, null)))).containsExactly(old, middle, young);
        assertThat(ids(queue.list(member, new Query(null, "names", "asc", null, null, null)))).containsExactly(middle, young, old);
        assertThat(ids(queue.list(member, new Query(null, "account", "desc", null, null, null))).get(0)).isEqualTo(young);
        assertThat(ids(queue.list(member, new Query(null, "nextPoll", "asc", null, null, null)))).containsExactly(middle, old, young);
        assertThat(ids(queue.list(member, new Query(null, "status", "desc", null, null, null))).get(0)).isEqualTo(young);
        List<UUID> pages = new java.util.ArrayList<>();
        for (int page = 0; page < 3; page++) {
            pages.addAll(ids(queue.list(member, new Query(null, "provider", "asc", null, page, 1))));
        }
        assertThat(pages).containsExactlyInAnyOrder(young, old, middle);
    }

    @Test
    void theSearchMatchesAccountNamesAndCertificateNamesAndItsWildcardsAreLiteral() {
        UUID shop = pending(account("shop"), "x.test", Duration.ofHours(1), CertificateStatus.VALIDATING, null);
        UUID blog = pending(account("other"), "blog.example.test", Duration.ofHours(1), CertificateStatus.VALIDATING, null);

        assertThat(ids(queue.list(member, new Query(null, null, null, "SHO", null, null)))).containsExactly(shop);
        assertThat(ids(queue.list(member, new Query(null, null, null, "blog.example", null, null)))).containsExactly(blog);
        assertThat(ids(queue.list(member, new Query(null, null, null, "%", null, null)))).isEmpty();
    }

    @Test
    void anUnknownSortOrOrderOrASizeTooLargeIsRefusedInWords() {
        assertThatThrownBy(() -> queue.list(member, new Query(null, "serial", null, null, null, null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("sort: one of account, age, names, nextPoll, provider, status");
        assertThatThrownBy(() -> queue.list(member, new Query(null, null, "up", null, null, null)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("order: asc or desc");
        assertThatThrownBy(() -> queue.list(member, new Query(null, null, null, null, 0, 201)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("size from 1 to 200");
    }
}
