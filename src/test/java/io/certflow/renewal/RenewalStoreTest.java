package io.certflow.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore;
import io.certflow.crypto.KeyType;
import io.certflow.testing.InMemoryDatabase;

/** Whether a renewal may start, as the store decides it on the real schema. Two nodes racing for it: RenewalTwoNodesIT. */
class RenewalStoreTest {

    private static final Instant NOW = Instant.parse("2030-03-01T08:00:00Z");

    private RenewalStore store;
    private CertificateStore certificates;
    private UUID certificateId;

    @BeforeEach
    void anIssuedManagedCertificate() {
        var jdbc = InMemoryDatabase.migrated();
        store = new RenewalStore(jdbc);
        certificates = new CertificateStore(jdbc);
        certificateId = insertCertificate(null);
    }

    private UUID insertCertificate(UUID predecessorId) {
        UUID id = UUID.randomUUID();
        certificates.insert(new Certificate(id, "tenant-a", null, List.of("www.example.test"), KeyType.DEFAULT, CertificateStatus.ISSUED,
                null, CertificateSource.ISSUED, true, null, null, null, null, predecessorId, NOW, NOW, false, null));
        return id;
    }

    private Renewal renewal() {
        return new Renewal(UUID.randomUUID(), "tenant-a", certificateId, null, null, null, RenewalState.ISSUING, null, null, NOW, NOW,
                null);
    }

    @Test
    void oneRenewalOfACertificateIsInFlightAtATimeAndTheNextMayStartOnceItFailed() {
        Renewal first = renewal();

        assertThat(store.insertRenewal(first)).isTrue();
        assertThat(store.insertRenewal(renewal())).as("a second renewal while the first is in flight").isFalse();
        store.finish(first.id(), RenewalState.FAILED, "the CA said no", NOW);
        assertThat(store.insertRenewal(renewal())).as("the next run's renewal after a failure").isTrue();
    }

    @Test
    void aCertificateRenewedSinceARunReadItIsNotRenewedAgain() {
        Renewal first = renewal();
        assertThat(store.insertRenewal(first)).isTrue();
        UUID successorId = insertCertificate(certificateId);
        // What the first renewal's last step does: supersede, and free the certificate for a next renewal.
        certificates.supersede(certificateId, successorId, NOW);
        store.finish(first.id(), RenewalState.RENEWED, null, NOW);

        // Another run (another node) that read the certificate as due before it was superseded.
        assertThat(store.insertRenewal(renewal())).isFalse();
        assertThat(store.renewalsOf(certificateId, 10)).extracting(Renewal::id).containsExactly(first.id());
    }
}
