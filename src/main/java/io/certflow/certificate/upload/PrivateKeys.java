package io.certflow.certificate.upload;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Map;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import io.certflow.crypto.Keys;

/** Private keys of an upload: read (decrypted with the passphrase), and matched with the certificate they belong to. */
final class PrivateKeys {

    /** Used as an explicit provider where the JDK lacks an algorithm (legacy PEM and PKCS#12 encryption); never installed. */
    static final Provider BC = Keys.BOUNCY_CASTLE;

    private static final Map<ASN1ObjectIdentifier, String> ALGORITHMS = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448",
            X9ObjectIdentifiers.id_dsa, "DSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS");

    private PrivateKeys() {
    }

    /** The name of a key algorithm, e.g. "Ed25519"; null when unknown. */
    static String algorithmName(ASN1ObjectIdentifier algorithm) {
        return ALGORITHMS.get(algorithm);
    }

    /** A JDK key where the JDK knows the algorithm (what the rest of Certflow expects), else a BouncyCastle one. */
    static PrivateKey toPrivateKey(PrivateKeyInfo info) throws IOException {
        String algorithm = ALGORITHMS.get(info.getPrivateKeyAlgorithm().getAlgorithm());
        if (algorithm != null) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
            } catch (GeneralSecurityException unknownToTheJdk) {
                // e.g. a curve the JDK dropped: BouncyCastle below
            }
        }
        return new JcaPEMKeyConverter().setProvider(BC).getPrivateKey(info);
    }

    /** An ENCRYPTED PRIVATE KEY block (PKCS#8); {@code where} names the block, e.g. "PEM block 4 (..., line 40)". */
    static PrivateKey readEncryptedPkcs8(String where, byte[] der, char[] password) throws IOException {
        PKCS8EncryptedPrivateKeyInfo encrypted = new PKCS8EncryptedPrivateKeyInfo(Certificates.strictDer(der).getEncoded());
        KdfLimits.requireSaneIterations(encrypted.getEncryptionAlgorithm(), "the encrypted private key in " + where);
        if (password == null || password.length == 0) {
            throw new BlockProblem("the private key in " + where + " is encrypted: give its passphrase");
        }
        try {
            InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password);
            return toPrivateKey(encrypted.decryptPrivateKeyInfo(decryptor));
        } catch (Exception e) {
            throw wrongPassphrase(where);
        }
    }

    /** An RSA or EC PRIVATE KEY block as OpenSSL writes it, possibly encrypted (Proc-Type and DEK-Info headers). */
    static PrivateKey readTraditional(String where, String type, String pemText, char[] password) throws IOException {
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(pemText))) {
            object = parser.readObject();
        }
        if (object instanceof PEMEncryptedKeyPair encrypted) {
            if (password == null || password.length == 0) {
                throw new BlockProblem("the private key in " + where + " is encrypted: give its passphrase");
            }
            try {
                return toPrivateKey(encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password))
                        .getPrivateKeyInfo());
            } catch (Exception e) {
                throw wrongPassphrase(where);
            }
        }
        if (object instanceof PEMKeyPair pair) {
            return toPrivateKey(pair.getPrivateKeyInfo());
        }
        throw new IOException("no " + type + " found");
    }

    private static BlockProblem wrongPassphrase(String where) {
        return new BlockProblem("the passphrase for the encrypted private key in " + where + " is wrong: the key cannot be"
                + " decrypted with it");
    }

    /** The public half where it can be computed from the private key (RSA CRT, EC), else null. */
    static PublicKey derivePublicKey(PrivateKey key) {
        try {
            return Keys.publicKeyOf(key);
        } catch (RuntimeException notRsaCrtOrEc) {
            return null;
        }
    }

    /** Whether the private key is the other half of the public key: compared when derivable, else by a signature. */
    static boolean belongs(PrivateKey key, PublicKey derived, PublicKey publicKey) {
        if (derived != null) {
            return Keys.samePublicKey(derived, publicKey);
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            default -> key.getAlgorithm(); // EdDSA, Ed25519, Ed448
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
