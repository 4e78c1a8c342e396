package io.certflow.repository.cms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
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
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.PKIXRecipientId;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Store;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.springframework.stereotype.Component;

/**
 * The data operations of certificate application repositories: CMS (RFC 5652) SignedData and EnvelopedData, made and
 * read with BouncyCastle, interoperable with {@code openssl cms}.
 *
 * <ul>
 * <li>Signatures: SHA-256 with RSA (PKCS #1 v1.5) or ECDSA, signed attributes (content type, message digest, signing
 * time, CMS algorithm protection), the signer certificate and the given chain included.</li>
 * <li>Encryption: AES-256-CBC content encryption; RSA recipients by key transport with RSAES-OAEP (SHA-256, MGF1 with
 * SHA-256), EC recipients by ephemeral-static ECDH (dhSinglePass-stdDH-sha256kdf-scheme) with AES-256 key wrap.</li>
 * </ul>
 *
 * Input for {@link #verify} and {@link #decrypt} may be DER or PEM ({@code -----BEGIN CMS-----},
 * {@code -----BEGIN PKCS7-----}); what is wrong with it is reported as a {@link CmsException}. The class holds no
 * state and is thread-safe.
 */
@Component
public class CmsOperations {

    private static final Provider BC = bouncyCastle();

    /** The PEM labels under which CMS structures are written: openssl cms, openssl smime / pkcs7, RFC 7468. */
    private static final Set<String> PEM_TYPES = Set.of("CMS", "PKCS7", "PKCS #7 SIGNED DATA", "PKCS #7 ENVELOPED DATA");

    /** Digests that no longer protect a signature against collisions; signatures made with them are refused. */
    private static final Map<ASN1ObjectIdentifier, String> BROKEN_DIGESTS = Map.of(
            PKCSObjectIdentifiers.md2, "MD2",
            PKCSObjectIdentifiers.md4, "MD4",
            PKCSObjectIdentifiers.md5, "MD5",
            OIWObjectIdentifiers.idSHA1, "SHA-1");

    private static final Map<ASN1ObjectIdentifier, String> CONTENT_TYPES = Map.of(
            CMSObjectIdentifiers.data, "Data",
            CMSObjectIdentifiers.signedData, "SignedData",
            CMSObjectIdentifiers.envelopedData, "EnvelopedData",
            CMSObjectIdentifiers.authEnvelopedData, "AuthEnvelopedData",
            CMSObjectIdentifiers.digestedData, "DigestedData",
            CMSObjectIdentifiers.encryptedData, "EncryptedData",
            CMSObjectIdentifiers.authenticatedData, "AuthenticatedData",
            CMSObjectIdentifiers.compressedData, "CompressedData");

    // ---------------------------------------------------------------------------------------------------- sign

    /** CMS SignedData (DER), SHA-256, signer certificate and chain included; detached leaves the content out. */
    public byte[] sign(byte[] content, X509Certificate signer, List<X509Certificate> chain, PrivateKey key, boolean detached) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(key, "key");
        String algorithm = signatureAlgorithm(key);
        byte[] der;
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(algorithm).setProvider(BC).build(key);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BC).build()).build(contentSigner, signer));
            Set<X509Certificate> certificates = new LinkedHashSet<>();
            certificates.add(signer);
            if (chain != null) {
                chain.stream().filter(Objects::nonNull).forEach(certificates::add);
            }
            generator.addCertificates(new JcaCertStore(certificates));
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(content), !detached);
            der = signed.getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | GeneralSecurityException | CMSException | IOException e) {
            throw new CmsException("cannot sign with the " + key.getAlgorithm() + " key of " + subject(signer)
                    + ": " + e.getMessage(), e);
        }
        // A key that does not belong to the certificate yields signatures nobody can verify; refuse to hand them out.
        try {
            CMSSignedData check = new CMSSignedData(new CMSProcessableByteArray(content), der);
            SignerInformation info = check.getSignerInfos().getSigners().iterator().next();
            if (!info.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(signer))) {
                throw new CmsException("the private key does not belong to the signer certificate " + subject(signer));
            }
        } catch (CMSException | OperatorCreationException e) {
            throw new CmsException("the private key does not belong to the signer certificate " + subject(signer), e);
        }
        return der;
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            default -> throw new CmsException("signing with a " + key.getAlgorithm()
                    + " key is not supported; use an RSA or EC key");
        };
    }

    // -------------------------------------------------------------------------------------------------- verify

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
    public CmsVerification verify(byte[] signedData, byte[] detachedContent, Collection<X509Certificate> trusted) {
        ContentInfo contentInfo = contentInfo(signedData, CMSObjectIdentifiers.signedData);
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
                    ? "the signer's certificate (" + describe(signerInfo.getSID()) + ") is not included in the SignedData"
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
            if (!signerInfo.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(certificate))) {
                return "the signature does not verify with the key of " + subject(certificate);
            }
        } catch (CMSSignerDigestMismatchException e) {
            return "the signature does not verify: the content is not the content that was signed (message digest mismatch)";
        } catch (CMSVerifierCertificateNotValidException e) {
            return "the signer certificate " + subject(certificate) + " was not valid at the signing time the signature claims";
        } catch (OperatorCreationException e) {
            return "the signature algorithm " + signerInfo.getEncryptionAlgOID() + " is not supported";
        } catch (CMSException | RuntimeException e) {
            return "the signature does not verify: it is malformed (" + e.getMessage() + ")";
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && !keyUsage[0] && !keyUsage[1]) {
            return "the key usage of the signer certificate " + subject(certificate) + " does not allow signatures";
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
            return "the signer certificate " + subject(signer) + " expired on " + signer.getNotAfter().toInstant();
        } catch (CertificateNotYetValidException e) {
            return "the signer certificate " + subject(signer) + " is not valid before " + signer.getNotBefore().toInstant();
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
            return "the signer certificate " + subject(signer) + " (issued by " + signer.getIssuerX500Principal().getName()
                    + ") does not chain to a trusted certificate";
        } catch (GeneralSecurityException e) {
            return "the signer's certificate chain cannot be checked: " + e.getMessage();
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

    // ---------------------------------------------------------------------------------------- encrypt / decrypt

    /**
     * CMS EnvelopedData (DER) to the recipient certificate, with AES-256-CBC content encryption. RSA recipients get the
     * content key by RSAES-OAEP (SHA-256, MGF1-SHA-256), EC recipients by ECDH dhSinglePass-stdDH-sha256kdf-scheme
     * with AES-256 key wrap; openssl cms -decrypt handles both without options.
     */
    public byte[] encrypt(byte[] content, X509Certificate recipient) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(recipient, "recipient");
        PublicKey publicKey = recipient.getPublicKey();
        boolean[] keyUsage = recipient.getKeyUsage();
        try {
            RecipientInfoGenerator recipientInfo;
            switch (publicKey.getAlgorithm()) {
                case "RSA" -> {
                    if (keyUsage != null && !keyUsage[2]) {
                        throw new CmsException("the key usage of the recipient certificate " + subject(recipient)
                                + " does not allow key encipherment");
                    }
                    AlgorithmIdentifier oaep = new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(
                            PKCSObjectIdentifiers.id_RSAES_OAEP,
                            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
                    recipientInfo = new JceKeyTransRecipientInfoGenerator(recipient, oaep).setProvider(BC);
                }
                case "EC", "ECDSA" -> {
                    if (keyUsage != null && !keyUsage[4]) {
                        throw new CmsException("the key usage of the recipient certificate " + subject(recipient)
                                + " does not allow key agreement");
                    }
                    KeyPair ephemeral = ephemeralKeyPair(publicKey);
                    recipientInfo = new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF,
                            ephemeral.getPrivate(), ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP)
                            .addRecipient(recipient).setProvider(BC);
                }
                default -> throw new CmsException("encrypting to a " + publicKey.getAlgorithm() + " key is not supported;"
                        + " the recipient certificate " + subject(recipient) + " must have an RSA or EC key");
            }
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(recipientInfo);
            CMSEnvelopedData enveloped = generator.generate(new CMSProcessableByteArray(content),
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).setProvider(BC).build());
            return enveloped.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | CMSException | IOException | ClassCastException e) {
            throw new CmsException("cannot encrypt to " + subject(recipient) + ": " + e.getMessage(), e);
        }
    }

    /** An ephemeral EC key pair on the recipient's curve, by curve name when it has one (so the originator key says so). */
    private static KeyPair ephemeralKeyPair(PublicKey recipient) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        ASN1Encodable parameters = SubjectPublicKeyInfo.getInstance(recipient.getEncoded()).getAlgorithm().getParameters();
        if (parameters instanceof ASN1ObjectIdentifier curve) {
            generator.initialize(new ECGenParameterSpec(curve.getId()));
        } else {
            generator.initialize(((ECPublicKey) recipient).getParams());
        }
        return generator.generateKeyPair();
    }

    /**
     * Decrypts an EnvelopedData (DER or PEM) addressed to the recipient certificate (by issuer and serial number, or
     * by subject key identifier) with its private key.
     */
    public byte[] decrypt(byte[] envelopedData, X509Certificate recipient, PrivateKey key) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(key, "key");
        ContentInfo contentInfo = contentInfo(envelopedData, CMSObjectIdentifiers.envelopedData);
        CMSEnvelopedData enveloped;
        try {
            enveloped = new CMSEnvelopedData(contentInfo);
        } catch (CMSException | RuntimeException e) {
            throw new CmsException("not a CMS EnvelopedData structure: its content is malformed", e);
        }
        X509CertificateHolder holder;
        try {
            holder = new JcaX509CertificateHolder(recipient);
        } catch (GeneralSecurityException e) {
            throw new CmsException("the recipient certificate cannot be encoded", e);
        }
        Collection<RecipientInformation> recipients = enveloped.getRecipientInfos().getRecipients();
        RecipientInformation match = recipients.stream().filter(r -> addressedTo(r, holder)).findFirst().orElse(null);
        if (match == null) {
            throw new CmsException("this EnvelopedData is not addressed to " + subject(recipient)
                    + " (serial " + hex(recipient.getSerialNumber()) + ", issuer "
                    + recipient.getIssuerX500Principal().getName() + "); it is addressed to "
                    + (recipients.isEmpty() ? "nobody"
                            : recipients.stream().map(r -> describe(r.getRID())).collect(Collectors.joining("; "))));
        }
        Recipient decryptor = switch (match.getRID().getType()) {
            case RecipientId.keyTrans -> new JceKeyTransEnvelopedRecipient(key).setProvider(BC);
            case RecipientId.keyAgree -> new JceKeyAgreeEnvelopedRecipient(key).setProvider(BC);
            default -> throw new CmsException("this EnvelopedData uses a kind of recipient info that is not supported");
        };
        try {
            return match.getContent(decryptor);
        } catch (CMSException | RuntimeException e) {
            // One message whatever failed (key unwrap, padding, content decryption): no oracle for the caller.
            throw new CmsException("this EnvelopedData cannot be decrypted with the given private key: the key does not"
                    + " belong to " + subject(recipient) + ", or the data is damaged", e);
        }
    }

    @SuppressWarnings("unchecked") // RecipientId is a raw Selector; it matches certificate holders
    private static boolean addressedTo(RecipientInformation recipient, X509CertificateHolder certificate) {
        return recipient.getRID().match(certificate);
    }

    // -------------------------------------------------------------------------------------------------- input

    /** Reads DER or PEM into a ContentInfo of the expected type, or says in one sentence why it is not one. */
    private static ContentInfo contentInfo(byte[] input, ASN1ObjectIdentifier expected) {
        String name = CONTENT_TYPES.get(expected);
        String notA = "not a CMS " + name + " structure: ";
        if (input == null || input.length == 0) {
            throw new CmsException(notA + "the input is empty");
        }
        byte[] der = isPem(input) ? pemToDer(input, notA) : input;
        ASN1Primitive asn1;
        try {
            asn1 = ASN1Primitive.fromByteArray(der);
        } catch (IOException | RuntimeException e) {
            throw new CmsException(notA + "the input is neither DER-encoded CMS nor PEM (\"-----BEGIN CMS-----\")", e);
        }
        ContentInfo contentInfo;
        try {
            contentInfo = ContentInfo.getInstance(asn1);
        } catch (RuntimeException e) {
            throw new CmsException(notA + "the input is ASN.1, but not a CMS ContentInfo", e);
        }
        if (contentInfo == null || contentInfo.getContentType() == null) {
            throw new CmsException(notA + "the input is ASN.1, but not a CMS ContentInfo");
        }
        if (!expected.equals(contentInfo.getContentType())) {
            String actual = CONTENT_TYPES.get(contentInfo.getContentType());
            throw new CmsException(notA + (actual != null ? "it is a CMS " + actual
                    : "its content type is " + contentInfo.getContentType().getId()));
        }
        if (contentInfo.getContent() == null) {
            throw new CmsException(notA + "the ContentInfo has no content");
        }
        return contentInfo;
    }

    private static boolean isPem(byte[] input) {
        int i = 0;
        if (input.length >= 3 && (input[0] & 0xff) == 0xEF && (input[1] & 0xff) == 0xBB && (input[2] & 0xff) == 0xBF) {
            i = 3; // UTF-8 byte order mark
        }
        while (i < input.length && Character.isWhitespace(input[i])) {
            i++;
        }
        byte[] begin = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
        return input.length - i >= begin.length && Arrays.equals(input, i, i + begin.length, begin, 0, begin.length);
    }

    private static byte[] pemToDer(byte[] input, String notA) {
        try (PemReader reader = new PemReader(new StringReader(new String(input, StandardCharsets.US_ASCII)))) {
            PemObject object = reader.readPemObject();
            if (object == null) {
                throw new CmsException(notA + "the PEM text has no complete \"-----BEGIN ...-----\" / \"-----END ...-----\" block");
            }
            if (!PEM_TYPES.contains(object.getType())) {
                throw new CmsException(notA + "the PEM block is a \"" + object.getType()
                        + "\", expected \"-----BEGIN CMS-----\" or \"-----BEGIN PKCS7-----\"");
            }
            return object.getContent();
        } catch (IOException | RuntimeException e) {
            if (e instanceof CmsException cms) {
                throw cms;
            }
            throw new CmsException(notA + "the PEM text is malformed: a BEGIN line without its END line,"
                    + " or a body that is not base64", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    private static String hex(BigInteger serial) {
        return "0x" + serial.toString(16).toUpperCase();
    }

    private static String describe(RecipientId rid) {
        return rid instanceof PKIXRecipientId pkix
                ? describe(pkix.getIssuer() == null ? null : pkix.getIssuer().toString(), pkix.getSerialNumber(),
                        pkix.getSubjectKeyIdentifier())
                : "a recipient of another kind (type " + rid.getType() + ")";
    }

    private static String describe(SignerId sid) {
        return describe(sid.getIssuer() == null ? null : sid.getIssuer().toString(), sid.getSerialNumber(),
                sid.getSubjectKeyIdentifier());
    }

    private static String describe(String issuer, BigInteger serial, byte[] subjectKeyIdentifier) {
        List<String> parts = new ArrayList<>();
        if (serial != null) {
            parts.add("serial " + hex(serial) + ", issuer " + issuer);
        }
        if (subjectKeyIdentifier != null) {
            parts.add("subject key identifier " + HexFormat.of().withUpperCase().formatHex(subjectKeyIdentifier));
        }
        return parts.isEmpty() ? "an unidentified certificate" : String.join(", ", parts);
    }

    private static Provider bouncyCastle() {
        Provider registered = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        return registered != null ? registered : new BouncyCastleProvider();
    }
}
