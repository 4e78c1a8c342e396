package io.certflow.repository.cms;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.Collection;
import java.util.Objects;
import java.util.stream.Collectors;

import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

import io.certflow.crypto.Keys;

/**
 * Makes and opens CMS EnvelopedData: AES-256-CBC content encryption; RSA recipients by RSAES-OAEP
 * key transport, EC recipients by ephemeral-static ECDH with AES-256 key wrap.
 */
final class CmsEnvelopes {

    private CmsEnvelopes() {
    }

    /**
     * CMS EnvelopedData (DER) to the recipient certificate, with AES-256-CBC content encryption. RSA recipients get the
     * content key by RSAES-OAEP (SHA-256, MGF1-SHA-256), EC recipients by ECDH dhSinglePass-stdDH-sha256kdf-scheme
     * with AES-256 key wrap; openssl cms -decrypt handles both without options.
     */
    static byte[] encrypt(byte[] content, X509Certificate recipient) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(recipient, "recipient");
        PublicKey publicKey = recipient.getPublicKey();
        boolean[] keyUsage = recipient.getKeyUsage();
        try {
            RecipientInfoGenerator recipientInfo;
            switch (publicKey.getAlgorithm()) {
                case "RSA" -> {
                    if (keyUsage != null && !keyUsage[2]) {
                        throw new CmsException("the key usage of the recipient certificate " + CmsText.subject(recipient)
                                + " does not allow key encipherment");
                    }
                    AlgorithmIdentifier oaep = new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(
                            PKCSObjectIdentifiers.id_RSAES_OAEP,
                            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
                    recipientInfo = new JceKeyTransRecipientInfoGenerator(recipient, oaep).setProvider(Keys.BOUNCY_CASTLE);
                }
                case "EC", "ECDSA" -> {
                    if (keyUsage != null && !keyUsage[4]) {
                        throw new CmsException("the key usage of the recipient certificate " + CmsText.subject(recipient)
                                + " does not allow key agreement");
                    }
                    KeyPair ephemeral = ephemeralKeyPair(publicKey);
                    recipientInfo = new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF,
                            ephemeral.getPrivate(), ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP)
                            .addRecipient(recipient).setProvider(Keys.BOUNCY_CASTLE);
                }
                default -> throw new CmsException("encrypting to a " + publicKey.getAlgorithm() + " key is not supported;"
                        + " the recipient certificate " + CmsText.subject(recipient) + " must have an RSA or EC key");
            }
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(recipientInfo);
            CMSEnvelopedData enveloped = generator.generate(new CMSProcessableByteArray(content),
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).setProvider(Keys.BOUNCY_CASTLE).build());
            return enveloped.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | CMSException | IOException | ClassCastException e) {
            throw new CmsException("cannot encrypt to " + CmsText.subject(recipient) + ": " + e.getMessage(), e);
        }
    }

    /** An ephemeral EC key pair on the recipient's curve, by curve name when it has one (so the originator key says so). */
    private static KeyPair ephemeralKeyPair(PublicKey recipient) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Keys.BOUNCY_CASTLE);
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
    static byte[] decrypt(byte[] envelopedData, X509Certificate recipient, PrivateKey key) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(key, "key");
        ContentInfo contentInfo = CmsInput.contentInfo(envelopedData, CMSObjectIdentifiers.envelopedData);
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
            throw new CmsException("this EnvelopedData is not addressed to " + CmsText.subject(recipient)
                    + " (serial " + CmsText.hex(recipient.getSerialNumber()) + ", issuer "
                    + recipient.getIssuerX500Principal().getName() + "); it is addressed to "
                    + (recipients.isEmpty() ? "nobody"
                            : recipients.stream().map(r -> CmsText.describe(r.getRID())).collect(Collectors.joining("; "))));
        }
        Recipient decryptor = switch (match.getRID().getType()) {
            case RecipientId.keyTrans -> new JceKeyTransEnvelopedRecipient(key).setProvider(Keys.BOUNCY_CASTLE);
            case RecipientId.keyAgree -> new JceKeyAgreeEnvelopedRecipient(key).setProvider(Keys.BOUNCY_CASTLE);
            default -> throw new CmsException("this EnvelopedData uses a kind of recipient info that is not supported");
        };
        try {
            return match.getContent(decryptor);
        } catch (CMSException | RuntimeException e) {
            // One message whatever failed (key unwrap, padding, content decryption): no oracle for the caller.
            throw new CmsException("this EnvelopedData cannot be decrypted with the given private key: the key does not"
                    + " belong to " + CmsText.subject(recipient) + ", or the data is damaged", e);
        }
    }

    @SuppressWarnings("unchecked") // RecipientId is a raw Selector; it matches certificate holders
    private static boolean addressedTo(RecipientInformation recipient, X509CertificateHolder certificate) {
        return recipient.getRID().match(certificate);
    }
}
