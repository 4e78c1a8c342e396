package io.certflow.repository.cms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;

import io.certflow.crypto.Keys;
import io.certflow.error.LibraryMessages;

/**
 * Verifies CMS SignedData: every signature, its digest (MD2, MD4, MD5 and SHA-1 refused), the
 * signer's key usage, and that the signer chains to a trusted certificate at the current time.
 */
final class CmsVerifier {

    /** Digests that no longer protect a signature against collisions; signatures made with them are refused. */
    private static final Map<ASN1ObjectIdentifier, String> BROKEN_DIGESTS = Map.of(
            PKCSObjectIdentifiers.md2, "MD2",
            PKCSObjectIdentifiers.md4, "MD4",
            PKCSObjectIdentifiers.md5, "MD5",
            OIWObjectIdentifiers.idSHA1, "SHA-1");

    private CmsVerifier() {
    }

    /**
     * Verifies every signer against the certificates in the SignedData; detachedContent is required for detached
     * signatures, else null. trusted: the certificates the signer's chain must lead to (the repository's certificates /
     * CA); a signature by anyone else is not valid.
     *
     * <p>A signature that is well-formed but not acceptable (changed content, wrong key, untrusted or expired signer)
     * is answered with {@code valid == false} and a reason; input that is not a SignedData at all, or a detached
     * signature without its content, is a {@link CmsException}. The chain is checked at the current time, without
     * revocation checking.
     */
    static CmsVerification verify(byte[] signedData, byte[] detachedContent, Collection<X509Certificate> trusted) {
        ContentInfo contentInfo = CmsInput.contentInfo(signedData, CMSObjectIdentifiers.signedData);
        CMSSignedData cms = parseSignedData(null, contentInfo);

        byte[] content;
        String contentProblem = null;
        if (cms.getSignedContent() == null) {
            if (detachedContent == null) {
                throw new CmsException("this is a detached signature: the signed content must be given with it");
            }
            cms = parseSignedData(new CMSProcessableByteArray(detachedContent), contentInfo);
            content = detachedContent.clone();
        } else {
            content = encapsulatedContent(cms.getSignedContent());
            if (detachedContent != null && !Arrays.equals(content, detachedContent)) {
                contentProblem = "the SignedData carries its own content, and it differs from the content given with it";
            }
        }

        Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            return new CmsVerification(false, null, content, null,
                    "the SignedData holds no signature, only certificates");
        }
        List<X509Certificate> included = includedCertificates(cms);
        Instant now = Instant.now();

        X509Certificate firstSigner = null;
        Instant firstSigningTime = null;
        String reason = contentProblem;
        int index = 0;
        for (SignerInformation signerInfo : signers) {
            index++;
            X509Certificate certificate = find(included, signerInfo.getSID());
            if (index == 1) {
                firstSigner = certificate;
                firstSigningTime = signingTime(signerInfo);
            }
            String problem = certificate == null
                    ? "the signer's certificate (" + CmsText.describe(signerInfo.getSID()) + ") is not included in the SignedData"
                    : problemWith(signerInfo, certificate, included, trusted, now);
            if (problem != null && reason == null) {
                reason = signers.size() > 1 ? "signer " + index + " of " + signers.size() + ": " + problem : problem;
            }
        }
        return new CmsVerification(reason == null, firstSigner, content, firstSigningTime, reason);
    }

    private static CMSSignedData parseSignedData(CMSProcessableByteArray detached, ContentInfo contentInfo) {
        try {
            return detached == null ? new CMSSignedData(contentInfo) : new CMSSignedData(detached, contentInfo);
        } catch (CMSException | RuntimeException e) {
            throw new CmsException("not a CMS SignedData structure: its content is malformed", e);
        }
    }

    private static byte[] encapsulatedContent(CMSTypedData signedContent) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            signedContent.write(out);
            return out.toByteArray();
        } catch (CMSException | IOException | RuntimeException e) {
            throw new CmsException("the content encapsulated in this SignedData cannot be read", e);
        }
    }

    private static List<X509Certificate> includedCertificates(CMSSignedData cms) {
        Store<X509CertificateHolder> store = cms.getCertificates();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> out = new ArrayList<>();
        for (X509CertificateHolder holder : store.getMatches(null)) {
            try {
                out.add(converter.getCertificate(holder));
            } catch (CertificateException | RuntimeException e) {
                throw new CmsException("the SignedData contains a malformed certificate (" + holder.getSubject() + ")", e);
            }
        }
        return out;
    }

    private static X509Certificate find(List<X509Certificate> certificates, SignerId sid) {
        for (X509Certificate certificate : certificates) {
            try {
                if (sid.match(new JcaX509CertificateHolder(certificate))) {
                    return certificate;
                }
            } catch (GeneralSecurityException e) {
                // not a usable certificate; it cannot be the signer's
            }
        }
        return null;
    }

    /** Why this signer's signature is not acceptable, or null when it is. */
    private static String problemWith(SignerInformation signerInfo, X509Certificate certificate,
            List<X509Certificate> included, Collection<X509Certificate> trusted, Instant now) {
        String digest = BROKEN_DIGESTS.get(signerInfo.getDigestAlgorithmID().getAlgorithm());
        if (digest != null) {
            return "the signature uses the " + digest + " digest, which is no longer accepted";
        }
        try {
            if (!signerInfo.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Keys.BOUNCY_CASTLE).build(certificate))) {
                return "the signature does not verify with the key of " + CmsText.subject(certificate);
            }
        } catch (CMSSignerDigestMismatchException e) {
            return "the signature does not verify: the content is not the content that was signed (message digest mismatch)";
        } catch (CMSVerifierCertificateNotValidException e) {
            return "the signer certificate " + CmsText.subject(certificate) + " was not valid at the signing time the signature claims";
        } catch (OperatorCreationException e) {
            return "the signature algorithm " + signerInfo.getEncryptionAlgOID() + " is not supported";
        } catch (CMSException | RuntimeException e) {
            return "the signature does not verify: it is malformed (" + LibraryMessages.of(e) + ")";
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && !keyUsage[0] && !keyUsage[1]) {
            return "the key usage of the signer certificate " + CmsText.subject(certificate) + " does not allow signatures";
        }
        return chainProblem(certificate, included, trusted, now);
    }

    /** Why the signer certificate does not lead to a trusted one, or null when it does. */
    private static String chainProblem(X509Certificate signer, List<X509Certificate> included,
            Collection<X509Certificate> trusted, Instant now) {
        if (trusted == null || trusted.stream().noneMatch(Objects::nonNull)) {
            return "no trusted certificates were given, so no signer can be trusted";
        }
        try {
            signer.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            return "the signer certificate " + CmsText.subject(signer) + " expired on " + signer.getNotAfter().toInstant();
        } catch (CertificateNotYetValidException e) {
            return "the signer certificate " + CmsText.subject(signer) + " is not valid before " + signer.getNotBefore().toInstant();
        }
        if (trusted.contains(signer)) {
            return null;
        }
        try {
            Set<TrustAnchor> anchors = trusted.stream().filter(Objects::nonNull)
                    .map(certificate -> new TrustAnchor(certificate, null)).collect(Collectors.toSet());
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(included)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
            return null;
        } catch (CertPathBuilderException e) {
            return "the signer certificate " + CmsText.subject(signer) + " (issued by " + signer.getIssuerX500Principal().getName()
                    + ") does not chain to a trusted certificate";
        } catch (GeneralSecurityException e) {
            return "the signer's certificate chain cannot be checked: " + LibraryMessages.of(e);
        }
    }

    private static Instant signingTime(SignerInformation signerInfo) {
        try {
            AttributeTable attributes = signerInfo.getSignedAttributes();
            Attribute attribute = attributes == null ? null : attributes.get(CMSAttributes.signingTime);
            if (attribute == null || attribute.getAttrValues().size() != 1) {
                return null;
            }
            return Time.getInstance(attribute.getAttrValues().getObjectAt(0)).getDate().toInstant();
        } catch (RuntimeException e) {
            return null; // a malformed signing time is not a signing time; the signature check reports it
        }
    }
}
