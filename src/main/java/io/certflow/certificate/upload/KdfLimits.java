package io.certflow.certificate.upload;

import java.math.BigInteger;

import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
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

    /** @param what the encrypted thing, as a user knows it, e.g. "the private key in the PKCS#12 file" */
    static void requireSaneIterations(AlgorithmIdentifier algorithm, String what) {
        BigInteger iterations = null;
        try {
            if (PKCSObjectIdentifiers.id_PBES2.equals(algorithm.getAlgorithm())) {
                KeyDerivationFunc kdf = PBES2Parameters.getInstance(algorithm.getParameters()).getKeyDerivationFunc();
                if (PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
                    iterations = PBKDF2Params.getInstance(kdf.getParameters()).getIterationCount();
                }
            } else if (algorithm.getAlgorithm().on(PKCSObjectIdentifiers.pkcs_12PbeIds)) {
                iterations = PKCS12PBEParams.getInstance(algorithm.getParameters()).getIterations();
            }
        } catch (RuntimeException e) {
            return; // parameters of another shape: the decryption itself reports them
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
