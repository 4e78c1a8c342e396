package io.certflow.certificate.upload;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBEParameter;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;

import io.certflow.error.InvalidRequestException;

/** Uploads that would make Certflow burn CPU are refused before any work is done. */
class UploadParserLimitsTest {

    @Test
    void anEncryptedKeyAskingForMillionsOfIterationsIsRefusedUnread() throws Exception {
        String certificate;
        try (InputStream in = getClass().getResourceAsStream("/uploads/good/ec-p256-chain-pkcs8-key.pem")) {
            String good = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            certificate = good.substring(0, good.indexOf("-----BEGIN PRIVATE KEY-----"));
        }
        PBKDF2Params kdf = new PBKDF2Params(new byte[16], 2_000_000_000, 32,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE));
        AlgorithmIdentifier pbes2 = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, kdf),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(new byte[16]))));
        byte[] key = new EncryptedPrivateKeyInfo(pbes2, new byte[160]).getEncoded();
        String upload = certificate + "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key) + "\n-----END ENCRYPTED PRIVATE KEY-----\n";

        assertThatThrownBy(() -> new UploadParser(List.of()).parse(upload.getBytes(StandardCharsets.US_ASCII), UploadFormat.PEM,
                "secret".toCharArray(), false, true, Instant.parse("2030-01-01T00:00:00Z")))
                .isInstanceOf(InvalidRequestException.class)
                // Deriving the key first would take hours and then fail on the passphrase instead.
                .hasMessageContaining("asks for 2000000000 key-derivation iterations");
    }

    @Test
    void aKeyEncryptedWithScryptIsRefusedUnreadSinceItsMemoryAndWorkAreTheFilesToChoose() throws Exception {
        AlgorithmIdentifier pbes2 = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(
                new KeyDerivationFunc(MiscObjectIdentifiers.id_scrypt, new ScryptParams(new byte[16], 1 << 30, 8, 1, 32)),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(new byte[16]))));

        assertThatThrownBy(() -> parse(withEncryptedKeys(pbes2, 1), "secret"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("a key derivation other than PBKDF2");
    }

    @Test
    void aLegacyPbes1KeyAskingForMillionsOfIterationsIsRefusedUnread() throws Exception {
        AlgorithmIdentifier pbes1 = new AlgorithmIdentifier(PKCSObjectIdentifiers.pbeWithSHA1AndDES_CBC,
                new PBEParameter(new byte[8], 2_000_000_000));

        assertThatThrownBy(() -> parse(withEncryptedKeys(pbes1, 1), "secret"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("asks for 2000000000 key-derivation iterations");
    }

    @Test
    void aSecondPrivateKeyIsRefusedBeforeAnyKeyIsDecrypted() throws Exception {
        PBKDF2Params kdf = new PBKDF2Params(new byte[16], 1_000_000, 32,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE));
        AlgorithmIdentifier pbes2 = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, kdf),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(new byte[16]))));

        // Decrypting would fail on the made-up ciphertext (and first cost a million iterations per key).
        assertThatThrownBy(() -> parse(withEncryptedKeys(pbes2, 500), "secret"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("the upload holds 500 private keys; it may hold only one, the leaf certificate's");
    }

    private static ParsedUpload parse(String upload, String password) {
        return new UploadParser(List.of()).parse(upload.getBytes(StandardCharsets.US_ASCII), UploadFormat.PEM,
                password.toCharArray(), false, true, Instant.parse("2030-01-01T00:00:00Z"));
    }

    private String withEncryptedKeys(AlgorithmIdentifier encryption, int count) throws Exception {
        String certificate;
        try (InputStream in = getClass().getResourceAsStream("/uploads/good/ec-p256-chain-pkcs8-key.pem")) {
            String good = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            certificate = good.substring(0, good.indexOf("-----BEGIN PRIVATE KEY-----"));
        }
        String key = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(new EncryptedPrivateKeyInfo(encryption, new byte[160]).getEncoded()) + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
        return certificate + key.repeat(count);
    }
}
