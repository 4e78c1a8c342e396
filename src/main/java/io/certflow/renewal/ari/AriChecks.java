package io.certflow.renewal.ari;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import io.certflow.certificate.CertificateStore;
import io.certflow.config.CertflowProperties;
import io.certflow.crypto.Pem;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerStore;
import io.certflow.issuer.acme.AcmeRenewalInfo;
import io.certflow.issuer.acme.AcmeRenewalInfo.SuggestedWindow;

/**
 * Asks ACME CAs for their renewal windows (RFC 9773), away from the renewal runs: a run only reads
 * what was stored, so a slow or unreachable CA never holds a run up. Every certificate of an issuer
 * whose directory offers renewalInfo is asked about soon after it is issued (it has no row yet) and
 * then again after the CA's Retry-After; the answer is stored with a time chosen once inside the
 * window. Each ask is claimed in the database first, so that several nodes share the work.
 */
@Service
public class AriChecks {

    private static final Logger log = LoggerFactory.getLogger(AriChecks.class);
    /** How long a node holds a certificate while it asks; longer than an ask can take. */
    private static final Duration CLAIM = Duration.ofMinutes(10);

    private final AriCheckStore store;
    private final IssuerStore issuers;
    private final CertificateStore certificates;
    private final AcmeRenewalInfo renewalInfo;
    private final Clock clock;
    private final int checksPerRound;
    private final Duration directoryRefresh;
    private final RandomGenerator random = new SecureRandom();
    /** Issuers that offered no renewalInfo, or could not be asked, when last looked at, until when they are passed over. */
    private final Map<UUID, Instant> passedOver = new ConcurrentHashMap<>();

    public AriChecks(AriCheckStore store, IssuerStore issuers, CertificateStore certificates, AcmeRenewalInfo renewalInfo, Clock clock,
                     CertflowProperties properties, @Value("${certflow.renewal.ari.checks-per-round:500}") int checksPerRound) {
        this.store = store;
        this.issuers = issuers;
        this.certificates = certificates;
        this.renewalInfo = renewalInfo;
        this.clock = clock;
        this.checksPerRound = checksPerRound;
        this.directoryRefresh = properties.acme().directoryRefresh();
    }

    /** Asks about up to checks-per-round certificates that are due; returns how many were asked about. */
    public int checkDue() {
        Instant now = clock.instant();
        passedOver.values().removeIf(until -> !until.isAfter(now));
        int asked = 0;
        for (UUID issuerId : store.issuersWithDueChecks(now, passedOver.keySet())) {
            Optional<Issuer> issuer = issuers.findById(issuerId).filter(this::offersRenewalInfo);
            if (issuer.isEmpty()) {
                continue;
            }
            for (AriCheckStore.DueCheck check : store.dueChecks(issuerId, now, checksPerRound - asked)) {
                if (store.claim(check, now, now.plus(CLAIM))) {
                    ask(issuer.get(), check);
                    asked++;
                }
            }
            if (asked >= checksPerRound) {
                break;
            }
        }
        return asked;
    }

    private boolean offersRenewalInfo(Issuer issuer) {
        try {
            if (renewalInfo.offered(issuer)) {
                return true;
            }
        } catch (RuntimeException e) {
            log.warn("Cannot read the directory of {} to see whether it offers renewal information: {}", issuer.name(), e.getMessage());
        }
        passedOver.put(issuer.id(), clock.instant().plus(directoryRefresh));
        return false;
    }

    private void ask(Issuer issuer, AriCheckStore.DueCheck check) {
        try {
            X509Certificate leaf = Pem.readCertificates(certificates.findChainPem(check.certificateId()).orElseThrow()).get(0);
            SuggestedWindow window = renewalInfo.suggestedWindow(issuer, leaf);
            Instant now = clock.instant();
            Instant renewAt = AriTiming.renewAt(window.start(), window.end(), check.known(), random);
            store.recordWindow(check.certificateId(), window.start(), window.end(), renewAt, AriTiming.nextCheck(now, window.retryAfter()), now);
            if (!renewAt.equals(check.known().renewAt())) {
                log.info("{} suggests renewing certificate {} between {} and {}; Certflow renews it at {}", issuer.name(),
                        check.certificateId(), window.start(), window.end(), renewAt);
            }
        } catch (RuntimeException e) {
            int failures = check.failures() + 1;
            Instant now = clock.instant();
            Instant next = AriTiming.backOff(now, failures);
            store.recordFailure(check.certificateId(), failures, String.valueOf(e.getMessage()), next, now);
            log.warn("Cannot ask {} when to renew certificate {} (asking again at {}): {}", issuer.name(), check.certificateId(), next,
                    e.getMessage());
        }
    }
}
