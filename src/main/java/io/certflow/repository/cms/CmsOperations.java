package io.certflow.repository.cms;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

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

    /** CMS SignedData (DER), SHA-256, signer certificate and chain included; detached leaves the content out. */
    public byte[] sign(byte[] content, X509Certificate signer, List<X509Certificate> chain, PrivateKey key, boolean detached) {
        return CmsSigner.sign(content, signer, chain, key, detached);
    }

    /**
     * Verifies every signer against the certificates in the SignedData; detachedContent is required for detached
     * signatures, else null. trusted: the certificates the signer's chain must lead to; a signature by anyone else
     * is not valid ({@code valid == false} with a reason). Input that is not a SignedData is a {@link CmsException}.
     */
    public CmsVerification verify(byte[] signedData, byte[] detachedContent, Collection<X509Certificate> trusted) {
        return CmsVerifier.verify(signedData, detachedContent, trusted);
    }

    /** CMS EnvelopedData (DER) to the recipient certificate, AES-256-CBC. */
    public byte[] encrypt(byte[] content, X509Certificate recipient) {
        return CmsEnvelopes.encrypt(content, recipient);
    }

    /** Decrypts an EnvelopedData (DER or PEM) addressed to the recipient certificate with its private key. */
    public byte[] decrypt(byte[] envelopedData, X509Certificate recipient, PrivateKey key) {
        return CmsEnvelopes.decrypt(envelopedData, recipient, key);
    }
}
