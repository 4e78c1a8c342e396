package io.certflow.certificate.upload;

import java.io.InputStream;
import java.util.Map;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.io.CipherInputStream;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.operator.InputDecryptor;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Decrypts PBES2 content (PBKDF2, then AES or triple DES in CBC mode) under the empty password. OpenSSL 3 writes
 * PKCS#12 files this way when exported with an empty password, and BouncyCastle's JCE path refuses to derive a key from
 * an empty password; its lightweight PBKDF2 does not. Any other scheme goes to {@code otherwise}.
 */
final class EmptyPasswordPbes2 implements InputDecryptorProvider {

    private static final Map<ASN1ObjectIdentifier, Integer> KEY_BYTES = Map.of(
            NISTObjectIdentifiers.id_aes128_CBC, 16,
            NISTObjectIdentifiers.id_aes192_CBC, 24,
            NISTObjectIdentifiers.id_aes256_CBC, 32,
            PKCSObjectIdentifiers.des_EDE3_CBC, 24);

    private final InputDecryptorProvider otherwise;

    EmptyPasswordPbes2(InputDecryptorProvider otherwise) {
        this.otherwise = otherwise;
    }

    @Override
    public InputDecryptor get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
        if (!PKCSObjectIdentifiers.id_PBES2.equals(algorithm.getAlgorithm())) {
            return otherwise.get(algorithm);
        }
        PBES2Parameters parameters = PBES2Parameters.getInstance(algorithm.getParameters());
        ASN1ObjectIdentifier cipher = parameters.getEncryptionScheme().getAlgorithm();
        if (!PKCSObjectIdentifiers.id_PBKDF2.equals(parameters.getKeyDerivationFunc().getAlgorithm()) || !KEY_BYTES.containsKey(cipher)) {
            return otherwise.get(algorithm);
        }
        PBKDF2Params kdf = PBKDF2Params.getInstance(parameters.getKeyDerivationFunc().getParameters());
        int keyBytes = kdf.getKeyLength() != null ? kdf.getKeyLength().intValueExact() : KEY_BYTES.get(cipher);
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(prf(kdf.getPrf().getAlgorithm()));
        generator.init(new byte[0], kdf.getSalt(), kdf.getIterationCount().intValueExact());
        KeyParameter key = (KeyParameter) generator.generateDerivedParameters(keyBytes * 8);
        byte[] iv = ASN1OctetString.getInstance(parameters.getEncryptionScheme().getParameters()).getOctets();
        BlockCipher engine = PKCSObjectIdentifiers.des_EDE3_CBC.equals(cipher) ? new DESedeEngine() : AESEngine.newInstance();
        PaddedBufferedBlockCipher decryption = new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(engine), new PKCS7Padding());
        decryption.init(false, new ParametersWithIV(key, iv));
        return new InputDecryptor() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public InputStream getInputStream(InputStream encrypted) {
                return new CipherInputStream(encrypted, decryption);
            }
        };
    }

    private static Digest prf(ASN1ObjectIdentifier hmac) throws OperatorCreationException {
        if (PKCSObjectIdentifiers.id_hmacWithSHA1.equals(hmac)) {
            return new SHA1Digest();
        } else if (PKCSObjectIdentifiers.id_hmacWithSHA224.equals(hmac)) {
            return new SHA224Digest();
        } else if (PKCSObjectIdentifiers.id_hmacWithSHA256.equals(hmac)) {
            return new SHA256Digest();
        } else if (PKCSObjectIdentifiers.id_hmacWithSHA384.equals(hmac)) {
            return new SHA384Digest();
        } else if (PKCSObjectIdentifiers.id_hmacWithSHA512.equals(hmac)) {
            return new SHA512Digest();
        }
        throw new OperatorCreationException("unsupported PBKDF2 pseudo-random function " + hmac);
    }
}
