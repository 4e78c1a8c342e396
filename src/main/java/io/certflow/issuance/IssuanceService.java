package io.certflow.issuance;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateRequest;
import io.certflow.certificate.CertificateRequestStore;
import io.certflow.certificate.CertificateSource;
import io.certflow.certificate.CertificateStatus;
import io.certflow.certificate.CertificateStore.IssuedCertificate;
import io.certflow.certificate.CertificateStore;
import io.certflow.config.CertflowProperties;
import io.certflow.crypto.DomainNames;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.Keys;
import io.certflow.crypto.Pem;
import io.certflow.crypto.SigningRequests;
import io.certflow.error.BoundedWait;
import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;
import io.certflow.error.TermsNotAcceptedException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerGateway.OrderState;
import io.certflow.issuer.IssuerGateway.OrderStatus;
import io.certflow.issuer.IssuerGateway.PlacedOrder;
import io.certflow.issuer.IssuerGateway;
import io.certflow.issuer.IssuerGateways;
import io.certflow.issuer.IssuerStore;
import io.certflow.issuer.IssuingTemplate;
import io.certflow.issuer.TemplateStore;
import io.certflow.validation.AuthorizationStore;
import io.certflow.validation.DomainAuthorization;

/**
 * The steps of CertificateIssuanceProcess. Every step reads what the last run of itself left
 * behind (order URL, key, stored certificate) before it talks to the CA, so a job that runs twice
 * after a crash does the work once.
 */
@Service
// A business outcome becomes a BPMN error and the job's transaction commits; it must not be marked rollback-only.
@Transactional(noRollbackFor = {BusinessFailure.class, TermsNotAcceptedException.class})
public class IssuanceService {


    private final CertificateStore certificates;
    private final CertificateRequestStore requests;
    private final IssuerStore issuers;
    private final TemplateStore templates;
    private final IssuerGateways gateways;
    private final AuthorizationStore authorizations;
    private final KeyProtection keyProtection;
    private final Clock clock;
    private final Duration processingWait;
    private final int maxOrders;
    private final ApplicationEventPublisher events;

    public IssuanceService(CertificateStore certificates, CertificateRequestStore requests, IssuerStore issuers, TemplateStore templates,
                           IssuerGateways gateways, AuthorizationStore authorizations, KeyProtection keyProtection, Clock clock,
                           CertflowProperties properties, ApplicationEventPublisher events) {
        this.events = events;
        this.processingWait = properties.acme().processingWait();
        this.maxOrders = properties.acme().maxOrdersPerRequest();
        this.certificates = certificates;
        this.requests = requests;
        this.issuers = issuers;
        this.templates = templates;
        this.gateways = gateways;
        this.authorizations = authorizations;
        this.keyProtection = keyProtection;
        this.clock = clock;
    }

    /** Re-checks the stored request; returns whether a person must approve it first. */
    public boolean checkRequest(UUID requestId) {
        CertificateRequest request = request(requestId);
        Certificate certificate = certificate(request);
        issuer(request);
        // Wildcards were checked against each name's own method when the request was accepted.
        DomainNames.normalize(certificate.domains());
        if (request.approvalRequired()) {
            moveTo(certificate.id(), CertificateStatus.AWAITING_APPROVAL);
        }
        return request.approvalRequired();
    }

    /** Records the approver's decision; a rejection ends the certificate as FAILED with the reason. */
    public void recordDecision(UUID requestId, boolean approved, String userId, String reason) {
        CertificateRequest request = request(requestId);
        requests.recordDecision(requestId, userId, reason, clock.instant());
        if (!approved) {
            fail(request, "Rejected by " + (userId == null ? "an approver" : userId)
                    + (reason == null || reason.isBlank() ? "" : ": " + reason));
        }
    }

    /** Places the order (or finds the one placed before) and stores its authorizations. */
    public void placeOrder(UUID requestId) {
        CertificateRequest request = request(requestId);
        Certificate certificate = certificate(request);
        Issuer issuer = issuer(request);
        X509Certificate predecessor = request.orderUrl() == null ? predecessorLeaf(certificate) : null;
        String profile = request.templateId() == null ? null : templates.findById(request.templateId())
                .map(IssuingTemplate::profile).orElse(null);
        PlacedOrder order = noticingTermsChange(request,
                () -> gateways.forIssuer(issuer).placeOrder(issuer, certificate.domains(), predecessor, profile, request.orderUrl()));
        if (request.orderUrl() == null) {
            requests.recordOrderUrl(requestId, order.orderUrl(), clock.instant());
        }
        order.authorizations().forEach(authorization -> authorizations.insertIfAbsent(request.tenantId(), requestId,
                order.orderUrl(), authorization.domain(), authorization.url(), authorization.alreadyValid(), clock.instant()));
        moveTo(certificate.id(), CertificateStatus.VALIDATING);
    }

    /**
     * The certificate a renewal replaces, when the same issuer issued it: an order may name only a
     * certificate of its own CA (an uploaded predecessor, or one from another issuer, is not named).
     */
    private X509Certificate predecessorLeaf(Certificate certificate) {
        if (certificate.predecessorId() == null) {
            return null;
        }
        return certificates.findCertificate(certificate.predecessorId())
                .filter(old -> old.source() == CertificateSource.ISSUED && java.util.Objects.equals(certificate.issuerId(), old.issuerId()))
                .flatMap(old -> certificates.findChainPem(old.id()))
                .map(chain -> Pem.readCertificates(chain).get(0))
                .orElse(null);
    }

    /**
     * The authorizations of the current order, one DomainValidationProcess each. All of them, in a
     * stable order: the sequential multi-instance reads this list again before every instance, and
     * one that is already valid is passed over by the validation process itself.
     */
    public List<String> authorizationsToValidate(UUID requestId) {
        return authorizations.forOrder(requestId, request(requestId).orderUrl()).stream()
                .map(DomainAuthorization::id)
                .map(UUID::toString)
                .toList();
    }

    /**
     * After a failed validation: forgets the order so that the next placement creates a fresh one,
     * unless the request already used up its orders. Returns whether to order again.
     */
    public boolean prepareNewOrder(UUID requestId) {
        CertificateRequest request = request(requestId);
        if (request.orderUrl() == null) {
            return true;
        }
        int attempts = requests.orderAttempts(requestId);
        if (attempts >= maxOrders || authorizations.anyUnanswerable(requestId, request.orderUrl())) {
            return false;
        }
        requests.forgetOrder(requestId, request.orderUrl(), clock.instant());
        return true;
    }

    /** Generates the certificate's key once; a repeated run keeps the first key. */
    public void generateKey(UUID requestId) {
        CertificateRequest request = request(requestId);
        if (!request.hasKey()) {
            KeyPair keyPair = request.keyType().generate();
            requests.recordKey(requestId, keyProtection.protect(keyPair.getPrivate(), CertificateStore.PRIVATE_KEY_PURPOSE),
                    Base64.getEncoder().encodeToString(keyPair.getPublic().getEncoded()));
        }
    }

    /**
     * Sends the CSR for the stored key (an order finalized before is not finalized again), waits
     * briefly for the certificate and, once the CA has issued it, stores it; returns whether it is
     * stored (false: the request goes to the pending queue). Downloading is a read that follows the
     * finalization, so it shares its step: a CA that issues at once costs no further job.
     *
     * @throws BusinessFailure ORDER_INVALID when the CA declared the order invalid or certified another key
     */
    public boolean finalizeOrder(UUID requestId) {
        CertificateRequest request = request(requestId);
        if (certificate(request).status() == CertificateStatus.ISSUED) {
            return true;
        }
        Issuer issuer = issuer(request);
        OrderStatus status = noticingTermsChange(request,
                () -> gateways.forIssuer(issuer).finalizeOrder(issuer, request.orderUrl(), csr(request)));
        failIfInvalid(status);
        moveTo(request.certificateId(), CertificateStatus.PROCESSING);
        if (status.state() != OrderState.VALID && !isOrderValid(request, issuer)) {
            return false;
        }
        store(request, issuer);
        return true;
    }

    /**
     * Asks the CA whether the certificate is ready (waiting briefly) and stores it when it is;
     * returns whether it is stored (false: the request stays in the pending queue).
     *
     * @throws BusinessFailure ORDER_INVALID when the CA declared the order invalid or certified another key
     */
    public boolean checkOrder(UUID requestId) {
        CertificateRequest request = request(requestId);
        Issuer issuer = issuer(request);
        if (!isOrderValid(request, issuer)) {
            return false;
        }
        store(request, issuer);
        return true;
    }

    /** True when the certificate can be downloaded, false while the CA is still issuing. */
    private boolean isOrderValid(CertificateRequest request, Issuer issuer) {
        IssuerGateway gateway = gateways.forIssuer(issuer);
        OrderStatus[] last = new OrderStatus[1];
        BoundedWait.until(processingWait, () -> {
            last[0] = noticingTermsChange(request, () -> gateway.checkOrder(issuer, request.orderUrl()));
            return last[0].state() == OrderState.VALID || last[0].state() == OrderState.INVALID;
        });
        failIfInvalid(last[0]);
        return last[0].state() == OrderState.VALID;
    }

    /**
     * How long the request waits in the pending queue before the order is checked again; noted on the
     * request as its next poll time, which the pending queue's listing shows.
     */
    public Duration pendingPollInterval(UUID requestId) {
        Instant now = clock.instant();
        Duration interval = PendingQueue.pollInterval(Duration.between(request(requestId).createdAt(), now));
        requests.recordNextPoll(requestId, now.plus(interval));
        return interval;
    }

    /** Downloads the chain and stores it with the key, checking that the CA certified our key; once only. */
    private void store(CertificateRequest request, Issuer issuer) {
        Certificate certificate = certificate(request);
        if (certificate.status() == CertificateStatus.ISSUED) {
            return;
        }
        List<X509Certificate> chain = noticingTermsChange(request, () -> gateways.forIssuer(issuer)
                .downloadChain(issuer, request.orderUrl(), () -> csr(request), request.validityDays()));
        X509Certificate leaf = chain.get(0);
        if (!Arrays.equals(leaf.getPublicKey().getEncoded(), Base64.getDecoder().decode(request.publicKey()))) {
            throw new BusinessFailure(FailureReason.ORDER_INVALID, "The CA returned a certificate for a different key");
        }
        Instant now = clock.instant();
        certificates.storeIssued(certificate.id(), IssuedCertificate.of(chain, privateKeyEnc(request)), now);
        requests.markIssued(request.id(), now);
        events.publishEvent(new CertificateIssued(certificate.tenantId(), certificate.id(), issuer.type(), request.createdAt(), now));
    }

    public void markFailed(UUID requestId, String reason) {
        fail(request(requestId), reason == null ? "Issuance failed" : reason);
    }

    private void fail(CertificateRequest request, String reason) {
        requests.markFailed(request.id(), reason, clock.instant());
        certificates.markFailed(request.certificateId(), reason, clock.instant());
    }

    /** The certificate and its open requests move together; neither changes once final. */
    private void moveTo(UUID certificateId, CertificateStatus status) {
        certificates.updateStatus(certificateId, status, clock.instant());
        requests.updateState(certificateId, status, clock.instant());
    }

    /** Runs a call to the CA; when the CA's terms changed, the certificate shows that it waits for them. */
    private <T> T noticingTermsChange(CertificateRequest request, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (TermsNotAcceptedException e) {
            moveTo(request.certificateId(), CertificateStatus.AWAITING_TERMS);
            throw e;
        }
    }

    private static void failIfInvalid(OrderStatus status) {
        if (status.state() == OrderState.INVALID) {
            throw new BusinessFailure(FailureReason.ORDER_INVALID, "The order is invalid: " + status.detail());
        }
    }

    private byte[] csr(CertificateRequest request) {
        KeyPair keyPair = new KeyPair(Keys.decodePublicKey(Base64.getDecoder().decode(request.publicKey())),
                keyProtection.unprotect(privateKeyEnc(request), CertificateStore.PRIVATE_KEY_PURPOSE));
        return SigningRequests.build(certificate(request).domains(), keyPair, request.keyType());
    }

    private String privateKeyEnc(CertificateRequest request) {
        return requests.findPrivateKeyEnc(request.id())
                .orElseThrow(() -> new IllegalStateException("Request " + request.id() + " has no key yet"));
    }

    private CertificateRequest request(UUID requestId) {
        return requests.findRequest(requestId)
                .orElseThrow(() -> new IllegalStateException("Certificate request " + requestId + " does not exist"));
    }

    private Certificate certificate(CertificateRequest request) {
        return certificates.findCertificate(request.certificateId()).orElseThrow();
    }

    private Issuer issuer(CertificateRequest request) {
        return issuers.findById(request.issuerId())
                .orElseThrow(() -> new BusinessFailure(FailureReason.REQUEST_INVALID, "The issuer of this request was deleted"));
    }
}
