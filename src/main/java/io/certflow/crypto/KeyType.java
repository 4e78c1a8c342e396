package io.certflow.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The key types Certflow generates for certificates. EC P-256 is the default: small, fast, accepted everywhere. */
public enum KeyType {
    EC_P256("EC", 256, "secp256r1"),
    EC_P384("EC", 384, "secp384r1"),
    RSA_2048("RSA", 2048, null),
    RSA_3072("RSA", 3072, null),
    RSA_4096("RSA", 4096, null);

    public static final KeyType DEFAULT = EC_P256;

    private final String algorithm;
    private final int bits;
    private final String curve;

    KeyType(String algorithm, int bits, String curve) {
        this.algorithm = algorithm;
        this.bits = bits;
        this.curve = curve;
    }

    public KeyPair generate() {
        try {
            // EC keys by BouncyCastle: the JDK's P-256 scalar multiplication takes several times the CPU.
            KeyPairGenerator generator = curve != null
                    ? KeyPairGenerator.getInstance(algorithm, Keys.BOUNCY_CASTLE)
                    : KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot generate " + this + " keys", e);
        }
    }

    public String signatureAlgorithm() {
        return switch (this) {
            case EC_P256 -> "SHA256withECDSA";
            case EC_P384 -> "SHA384withECDSA";
            default -> "SHA256withRSA";
        };
    }

    /** Accepts "EC_P256", "ec-p256", "EC P-256" and the like. */
    public static Optional<KeyType> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        return Arrays.stream(values())
                .filter(type -> type.name().replace("_", "").equals(normalized))
                .findFirst();
    }

    public static String supported() {
        return String.join(", ", Arrays.stream(values()).map(Enum::name).toList());
    }
}
