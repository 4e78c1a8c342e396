package io.certflow.repository;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.certificate.CertificateStore;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.Pem;
import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.issuer.privateca.PrivateCaService;
import io.certflow.repository.cms.CmsOperations;
import io.certflow.repository.cms.CmsVerification;
import io.certflow.security.Caller;

/** CMS signing and encryption with a repository's certificates, whose keys never leave Certflow. */
@Service
@Transactional(readOnly = true)
public class ApplicationRepositoryCms {

    private final ApplicationRepositoryService repositories;
    private final ApplicationRepositoryStore store;
    private final PrivateCaService cas;
    private final CertificateStore certificates;
    private final KeyProtection keyProtection;
    private final CmsOperations cms;

    public ApplicationRepositoryCms(ApplicationRepositoryService repositories, ApplicationRepositoryStore store, PrivateCaService cas,
                                    CertificateStore certificates, KeyProtection keyProtection, CmsOperations cms) {
        this.repositories = repositories;
        this.store = store;
        this.cas = cas;
        this.certificates = certificates;
        this.keyProtection = keyProtection;
        this.cms = cms;
    }

    public byte[] sign(Caller caller, UUID id, UUID certificateId, byte[] content, boolean detached) {
        ApplicationRepository repository = repositories.getEnabled(caller, id);
        Member signer = member(repository, certificateId);
        return cms.sign(content, signer.chain().get(0), signer.chain(), signer.key(), detached);
    }

    /** Valid only when a signer's chain leads to a certificate of the repository (or its CA). */
    public CmsVerification verify(Caller caller, UUID id, byte[] signature, byte[] detachedContent) {
        ApplicationRepository repository = repositories.getEnabled(caller, id);
        List<X509Certificate> trusted = new ArrayList<>();
        for (UUID certificateId : store.certificates(repository.id())) {
            trusted.addAll(chainOf(certificateId));
        }
        if (repository.caId() != null) {
            trusted.add(cas.root(repository.caId()));
        }
        return cms.verify(signature, detachedContent, trusted);
    }

    public byte[] encrypt(Caller caller, UUID id, UUID certificateId, byte[] content) {
        ApplicationRepository repository = repositories.getEnabled(caller, id);
        requireMember(repository, certificateId);
        return cms.encrypt(content, chainOf(certificateId).get(0));
    }

    /** Decrypts with the repository certificate named, or with the first of its certificates the data is addressed to. */
    public byte[] decrypt(Caller caller, UUID id, UUID certificateId, byte[] enveloped) {
        ApplicationRepository repository = repositories.getEnabled(caller, id);
        List<UUID> candidates = certificateId != null ? List.of(requireMember(repository, certificateId))
                : store.certificates(repository.id());
        RuntimeException last = null;
        for (UUID candidate : candidates) {
            if (certificates.findPrivateKeyEnc(candidate).isEmpty()) {
                continue;
            }
            Member member = member(repository, candidate);
            try {
                return cms.decrypt(enveloped, member.chain().get(0), member.key());
            } catch (RuntimeException e) {
                last = e;
            }
        }
        if (last != null && candidates.size() == 1) {
            throw last;
        }
        throw new InvalidRequestException("envelopedData: it is not addressed to any certificate of repository '"
                + repository.name() + "' that has a private key");
    }

    private record Member(List<X509Certificate> chain, PrivateKey key) {
    }

    private Member member(ApplicationRepository repository, UUID certificateId) {
        requireMember(repository, certificateId);
        String keyEnc = certificates.findPrivateKeyEnc(certificateId).orElseThrow(() -> new ConflictException(
                "Certificate " + certificateId + " has no private key in Certflow (a CA certificate uploaded without one)"));
        return new Member(chainOf(certificateId), keyProtection.unprotect(keyEnc, CertificateStore.PRIVATE_KEY_PURPOSE));
    }

    private UUID requireMember(ApplicationRepository repository, UUID certificateId) {
        if (certificateId == null) {
            throw new InvalidRequestException("certificateId: name the repository certificate to use");
        }
        if (!store.certificates(repository.id()).contains(certificateId)) {
            throw new NotFoundException("Certificate", certificateId + " in repository '" + repository.name() + "'");
        }
        return certificateId;
    }

    private List<X509Certificate> chainOf(UUID certificateId) {
        return Pem.readCertificates(certificates.findChainPem(certificateId).orElseThrow());
    }
}
