package io.certflow.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyTypeTest {

    /** What each key type must produce; a new key type fails the tests below until it is listed here. */
    private static final Map<KeyType, Expected> EXPECTED = Map.of(
            KeyType.EC_P256, new Expected("EC", 256),
            KeyType.EC_P384, new Expected("EC", 384),
            KeyType.RSA_2048, new Expected("RSA", 2048),
            KeyType.RSA_3072, new Expected("RSA", 3072),
            KeyType.RSA_4096, new Expected("RSA", 4096));

    /** RSA 4096 generation is slow: each type is generated once for all tests. */
    private static final Map<KeyType, KeyPair> GENERATED = new EnumMap<>(KeyType.class);

    private record Expected(String algorithm, int bits) {
    }

    private static synchronized KeyPair generated(KeyType type) {
        return GENERATED.computeIfAbsent(type, KeyType::generate);
    }

    static Stream<Arguments> spellings() {
        return Stream.of(
                arguments(named("the enum name", "EC_P256"), KeyType.EC_P256),
                arguments(named("lower case with a hyphen", "ec-p256"), KeyType.EC_P256),
                arguments(named("the curve's usual name", "EC P-256"), KeyType.EC_P256),
                arguments(named("the P-384 curve's usual name", "EC P-384"), KeyType.EC_P384),
                arguments(named("lower-case RSA with an underscore", "rsa_4096"), KeyType.RSA_4096),
                arguments(named("RSA with a hyphen", "RSA-2048"), KeyType.RSA_2048),
                arguments(named("surrounding blanks", "  rsa3072 "), KeyType.RSA_3072));
    }

    @ParameterizedTest(name = "{0} is understood as {1}")
    @MethodSource("spellings")
    void parseUnderstandsCommonSpellings(String text, KeyType expected) {
        assertThat(KeyType.parse(text)).contains(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is not a supported key type")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "DSA", "EC_P521", "RSA_1024", "Ed25519", "EC", "RSA"})
    void parseRejectsUnsupportedKeyTypes(String text) {
        assertThat(KeyType.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is parsed back from its own name")
    @EnumSource(KeyType.class)
    void everyKeyTypeIsParsedBackFromItsName(KeyType type) {
        assertThat(KeyType.parse(type.name())).contains(type);
        assertThat(KeyType.supported()).contains(type.name());
    }

    @ParameterizedTest(name = "{0} generates keys of the right algorithm and size")
    @EnumSource(KeyType.class)
    void generateGivesTheRightAlgorithmAndSize(KeyType type) {
        assertThat(EXPECTED).containsKey(type);
        Expected expected = EXPECTED.get(type);

        KeyPair pair = generated(type);

        assertThat(pair.getPublic().getAlgorithm()).isEqualTo(expected.algorithm());
        assertThat(pair.getPrivate().getAlgorithm()).isEqualTo(expected.algorithm());
        if (expected.algorithm().equals("EC")) {
            assertThat(((ECPublicKey) pair.getPublic()).getParams().getCurve().getField().getFieldSize())
                    .isEqualTo(expected.bits());
            assertThat(((ECPrivateKey) pair.getPrivate()).getParams().getOrder().bitLength()).isEqualTo(expected.bits());
        } else {
            assertThat(((RSAPublicKey) pair.getPublic()).getModulus().bitLength()).isEqualTo(expected.bits());
            assertThat(((RSAPrivateKey) pair.getPrivate()).getModulus().bitLength()).isEqualTo(expected.bits());
        }
    }

    @ParameterizedTest(name = "Keys.typeOf recognizes a generated {0} public key")
    @EnumSource(KeyType.class)
    void typeOfAgreesWithGenerate(KeyType type) {
        assertThat(Keys.typeOf(generated(type).getPublic())).contains(type);
    }

    @ParameterizedTest(name = "the public key derived from a {0} private key is the generated one")
    @EnumSource(KeyType.class)
    void publicKeyOfDerivesTheGeneratedPublicKey(KeyType type) {
        KeyPair pair = generated(type);

        assertThat(Keys.publicKeyOf(pair.getPrivate()).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(Keys.samePublicKey(Keys.publicKeyOf(pair.getPrivate()), pair.getPublic())).isTrue();
    }
}
