package io.certflow.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;

import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.ECCurve;

/** Small facts about keys that several features need. */
public final class Keys {

    /**
     * The BouncyCastle provider for the certificate features, asked for by object rather than
     * registered by name. One instance: building one takes a noticeable moment and memory.
     */
    public static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private Keys() {
    }

    /** Derives the public key, so that only the private half has to be stored (encrypted). */
    public static PublicKey publicKeyOf(PrivateKey privateKey) {
        try {
            if (privateKey instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (privateKey instanceof ECPrivateKey ec) {
                ECCurve curve = EC5Util.convertCurve(ec.getParams().getCurve());
                org.bouncycastle.math.ec.ECPoint g = EC5Util.convertPoint(curve, ec.getParams().getGenerator());
                org.bouncycastle.math.ec.ECPoint q = g.multiply(ec.getS()).normalize();
                ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive the public key", e);
        }
        throw new IllegalArgumentException("Unsupported private key type " + privateKey.getAlgorithm());
    }

    /** Reads an X.509 SubjectPublicKeyInfo of an EC or RSA key. */
    public static PublicKey decodePublicKey(byte[] subjectPublicKeyInfo) {
        for (String algorithm : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new java.security.spec.X509EncodedKeySpec(subjectPublicKeyInfo));
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new IllegalArgumentException("Neither an EC nor an RSA public key");
    }

    /** The key type of a public key, when Certflow supports it. */
    public static Optional<KeyType> typeOf(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return switch (bits) {
                case 2048 -> Optional.of(KeyType.RSA_2048);
                case 3072 -> Optional.of(KeyType.RSA_3072);
                case 4096 -> Optional.of(KeyType.RSA_4096);
                default -> Optional.empty();
            };
        }
        if (key instanceof ECPublicKey) {
            // By the named curve, not the key size: secp256k1 is 256 bits too, and not P-256.
            var parameters = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm().getParameters();
            if (org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1.equals(parameters)) {
                return Optional.of(KeyType.EC_P256);
            }
            if (org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp384r1.equals(parameters)) {
                return Optional.of(KeyType.EC_P384);
            }
        }
        return Optional.empty();
    }

    public static boolean samePublicKey(PublicKey a, PublicKey b) {
        return new BigInteger(1, a.getEncoded()).equals(new BigInteger(1, b.getEncoded()));
    }
}
