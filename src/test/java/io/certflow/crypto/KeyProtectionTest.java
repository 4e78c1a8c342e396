package io.certflow.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyProtectionTest {

    private static final String PURPOSE = "certificate-key";
    private static final Map<KeyType, KeyPair> KEYS = new EnumMap<>(KeyType.class);

    private final KeyProtection protection = new KeyProtection(randomKek());

    private static synchronized KeyPair key(KeyType type) {
        return KEYS.computeIfAbsent(type, KeyType::generate);
    }

    private static byte[] randomKek() {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        return kek;
    }

    @ParameterizedTest(name = "a {0} private key comes back unchanged")
    @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void aProtectedPrivateKeyComesBackUnchanged(KeyType type) {
        KeyPair original = key(type);

        PrivateKey restored = protection.unprotect(protection.protect(original.getPrivate(), PURPOSE), PURPOSE);

        assertThat(restored.getAlgorithm()).isEqualTo(original.getPrivate().getAlgorithm());
        assertThat(restored.getEncoded()).isEqualTo(original.getPrivate().getEncoded());
    }

    @ParameterizedTest(name = "the {0} key pair is rebuilt with the original public key")
    @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void theKeyPairIsRebuiltWithTheOriginalPublicKey(KeyType type) {
        KeyPair original = key(type);

        KeyPair restored = protection.unprotectPair(protection.protect(original.getPrivate(), PURPOSE), PURPOSE);

        assertThat(restored.getPrivate().getEncoded()).isEqualTo(original.getPrivate().getEncoded());
        assertThat(restored.getPublic().getEncoded()).isEqualTo(original.getPublic().getEncoded());
        assertThat(Keys.samePublicKey(restored.getPublic(), original.getPublic())).isTrue();
    }

    @ParameterizedTest(name = "the stored form of a {0} key reveals none of its PKCS#8 bytes")
    @EnumSource(value = KeyType.class, names = {"EC_P256", "RSA_2048"})
    void theStoredFormIsVersionedAndRevealsNoKeyMaterial(KeyType type) {
        byte[] pkcs8 = key(type).getPrivate().getEncoded();

        String stored = protection.protect(key(type).getPrivate(), PURPOSE);

        assertThat(stored).startsWith("v1:");
        String plainBase64 = Base64.getEncoder().encodeToString(pkcs8);
        assertThat(stored).doesNotContain(plainBase64)
                .doesNotContain(plainBase64.substring(plainBase64.length() / 2, plainBase64.length() / 2 + 24));
        byte[] sealed = Base64.getDecoder().decode(stored.substring(3));
        // iv (12) + ciphertext (as long as the plaintext) + tag (16)
        assertThat(sealed).hasSize(12 + pkcs8.length + 16);
        for (int i = 0; i + 16 <= pkcs8.length; i++) {
            byte[] window = Arrays.copyOfRange(pkcs8, i, i + 16);
            // ISO-8859-1 maps every byte to one char, so a substring search is a byte-sequence search.
            assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("16 plaintext bytes from offset %d in the stored form", i)
                    .doesNotContain(new String(window, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void protectingTheSameKeyTwiceGivesDifferentCiphertexts() {
        PrivateKey key = key(KeyType.EC_P256).getPrivate();

        String first = protection.protect(key, PURPOSE);
        String second = protection.protect(key, PURPOSE);

        assertThat(first).isNotEqualTo(second);
        byte[] firstIv = Arrays.copyOf(Base64.getDecoder().decode(first.substring(3)), 12);
        byte[] secondIv = Arrays.copyOf(Base64.getDecoder().decode(second.substring(3)), 12);
        assertThat(firstIv).isNotEqualTo(secondIv);
        assertThat(protection.unprotect(first, PURPOSE).getEncoded())
                .isEqualTo(protection.unprotect(second, PURPOSE).getEncoded());
    }

    @Test
    void aWrongKeyEncryptionKeyFailsWithoutRevealingKeyMaterial() {
        PrivateKey key = key(KeyType.EC_P256).getPrivate();
        String stored = protection.protect(key, PURPOSE);
        KeyProtection otherKek = new KeyProtection(randomKek());

        assertThatThrownBy(() -> otherKek.unprotect(stored, PURPOSE))
                .isInstanceOfSatisfying(IllegalStateException.class, e -> {
                    assertThat(e.getMessage()).contains("wrong key-encryption key")
                            .doesNotContain(stored.substring(3))
                            .doesNotContain(Base64.getEncoder().encodeToString(key.getEncoded()))
                            .doesNotContain(HexFormat.of().formatHex(key.getEncoded()))
                            .doesNotContain(((ECPrivateKey) key).getS().toString())
                            .doesNotContain(((ECPrivateKey) key).getS().toString(16));
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void aKeyStoredForOnePurposeCannotBeDecryptedForAnother() {
        String stored = protection.protect(key(KeyType.EC_P256).getPrivate(), "ca-root-key");

        assertThatThrownBy(() -> protection.unprotect(stored, "ca-intermediate-key"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ca-intermediate-key");
        assertThat(protection.unprotect(stored, "ca-root-key").getEncoded())
                .isEqualTo(key(KeyType.EC_P256).getPrivate().getEncoded());
    }

    static Stream<Arguments> tamperedPositions() {
        return Stream.of(
                arguments(named("a flipped bit in the IV", 0)),
                arguments(named("a flipped bit in the encrypted key", 20)),
                arguments(named("a flipped bit in the authentication tag", -1)));
    }

    @ParameterizedTest(name = "{0} is detected")
    @MethodSource("tamperedPositions")
    void tamperingWithTheStoredFormIsDetected(int position) {
        String stored = protection.protect(key(KeyType.EC_P256).getPrivate(), PURPOSE);
        byte[] sealed = Base64.getDecoder().decode(stored.substring(3));
        int index = position < 0 ? sealed.length + position : position;
        sealed[index] ^= 0x01;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(sealed);

        assertThatThrownBy(() -> protection.unprotect(tampered, PURPOSE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupted data");
    }

    @Test
    void aValueThatWasNeverProtectedIsRefused() {
        String plain = Base64.getEncoder().encodeToString(key(KeyType.EC_P256).getPrivate().getEncoded());

        assertThatThrownBy(() -> protection.unprotect(plain, PURPOSE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a protected value");
    }

    @ParameterizedTest(name = "a key-encryption key of {0} bytes is refused")
    @ValueSource(ints = {0, 16, 31, 33, 64})
    void aKeyEncryptionKeyOfTheWrongLengthIsRefused(int length) {
        assertThatThrownBy(() -> new KeyProtection(new byte[length]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be 32 bytes")
                .hasMessageContaining("got " + length);
    }

    @Test
    void changingTheCallersKekArrayAfterwardsDoesNotChangeTheKeyInUse() {
        byte[] kek = randomKek();
        KeyProtection mine = new KeyProtection(kek);
        String stored = mine.protect(key(KeyType.EC_P256).getPrivate(), PURPOSE);

        Arrays.fill(kek, (byte) 0);

        assertThat(mine.unprotect(stored, PURPOSE).getEncoded()).isEqualTo(key(KeyType.EC_P256).getPrivate().getEncoded());
    }
}
