package io.certflow.issuer.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;

import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jwa.CryptoPrimitive;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.certflow.crypto.KeyType;

class BouncyCastleEs256Test {

    private static final KeyPair ACCOUNT_KEY = KeyType.EC_P256.generate();

    @BeforeAll
    static void install() {
        BouncyCastleEs256.install();
    }

    @Test
    void jose4jSignsEs256WithBouncyCastleOnceInstalled() throws Exception {
        JsonWebSignatureAlgorithm es256 = AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory()
                .getAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);

        CryptoPrimitive primitive = es256.prepareForSign(ACCOUNT_KEY.getPrivate(), new ProviderContext());

        assertThat(primitive.getSignature().getProvider().getName()).isEqualTo("BC");
    }

    @Test
    void theAccountKeyIsHandedToBouncyCastleAsItsOwnKeyAndStaysTheSameKey() {
        KeyPair signing = BouncyCastleEs256.signingKeys(ACCOUNT_KEY);

        assertThat(signing.getPrivate().getClass().getName()).startsWith("org.bouncycastle.");
        assertThat(((ECPrivateKey) signing.getPrivate()).getS()).isEqualTo(((ECPrivateKey) ACCOUNT_KEY.getPrivate()).getS());
        assertThat(signing.getPublic().getEncoded()).isEqualTo(ACCOUNT_KEY.getPublic().getEncoded());
    }

    @Test
    void anRsaAccountKeyIsLeftToTheJdk() {
        KeyPair rsa = KeyType.RSA_2048.generate();

        assertThat(BouncyCastleEs256.signingKeys(rsa)).isSameAs(rsa);
    }

    @Test
    void theJdkVerifiesWhatItSigns() throws Exception {
        String compact = sign("{\"identifiers\":[{\"type\":\"dns\",\"value\":\"app.example\"}]}");
        String[] parts = compact.split("\\.");

        byte[] concatenated = org.jose4j.base64url.Base64Url.decode(parts[2]);
        Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
        jdk.initVerify(ACCOUNT_KEY.getPublic());
        jdk.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));

        assertThat(concatenated).as("JWS ES256 is r||s, 64 bytes").hasSize(64);
        assertThat(jdk.verify(EcdsaUsingShaAlgorithm.convertConcatenatedToDer(concatenated))).isTrue();
    }

    @Test
    void aChangedPayloadDoesNotVerify() throws Exception {
        String[] parts = sign("{\"status\":\"valid\"}").split("\\.");
        JsonWebSignature tampered = new JsonWebSignature();
        tampered.setCompactSerialization(parts[0] + "." + org.jose4j.base64url.Base64Url.encodeUtf8ByteRepresentation("{\"status\":\"revoked\"}") + "." + parts[2]);
        tampered.setKey(ACCOUNT_KEY.getPublic());

        assertThat(tampered.verifySignature()).isFalse();
    }

    private static String sign(String payload) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKey(BouncyCastleEs256.signingKeys(ACCOUNT_KEY).getPrivate());
        return jws.getCompactSerialization();
    }
}
