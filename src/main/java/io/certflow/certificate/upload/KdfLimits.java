package io.certflow.certificate.upload;

import java.math.BigInteger;

import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBEParameter;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

import io.certflow.error.InvalidRequestException;

/**
 * Tools derive keys with a few thousand iterations (OpenSSL 2048, others up to some 600,000). An upload could ask for
 * billions and hold a CPU for hours, so more than {@link #MAX_KDF_ITERATIONS} is refused unread.
 */
final class KdfLimits {

    static final int MAX_KDF_ITERATIONS = 1_000_000;

    private KdfLimits() {
    }

    /**
     * Refuses, before any key is derived, a derivation that asks for too much work or that Certflow cannot bound:
     * PBES2 with anything but PBKDF2 (scrypt's memory and CPU are the file's to choose), or parameters of an unknown
     * shape.
     *
     * @param what the encrypted thing, as a user knows it, e.g. "the private key in the PKCS#12 file"
     */
    static void requireSaneIterations(AlgorithmIdentifier algorithm, String what) {
        BigInteger iterations;
        try {
            if (PKCSObjectIdentifiers.id_PBES2.equals(algorithm.getAlgorithm())) {
                KeyDerivationFunc kdf = PBES2Parameters.getInstance(algorithm.getParameters()).getKeyDerivationFunc();
                if (!PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
                    throw new InvalidRequestException(what + " is encrypted with a key derivation other than PBKDF2 ("
                            + kdf.getAlgorithm().getId() + "), which Certflow does not read: export it again with the tool's default");
                }
                iterations = PBKDF2Params.getInstance(kdf.getParameters()).getIterationCount();
            } else if (algorithm.getAlgorithm().on(PKCSObjectIdentifiers.pkcs_12PbeIds)) {
                iterations = PKCS12PBEParams.getInstance(algorithm.getParameters()).getIterations();
            } else {
                // PBES1 (RFC 8018 6.1): the parameters are a salt and an iteration count.
                iterations = PBEParameter.getInstance(algorithm.getParameters()).getIterationCount();
            }
        } catch (InvalidRequestException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidRequestException(what + " names its encryption (" + algorithm.getAlgorithm().getId()
                    + ") with parameters Certflow cannot read: export it again with the tool's default");
        }
        requireSaneIterations(iterations, what);
    }

    static void requireSaneIterations(BigInteger iterations, String what) {
        if (iterations != null && iterations.compareTo(BigInteger.valueOf(MAX_KDF_ITERATIONS)) > 0) {
            throw new InvalidRequestException(what + " asks for " + iterations + " key-derivation iterations; at most "
                    + MAX_KDF_ITERATIONS + " are accepted: export it again with the tool's default");
        }
    }
}
