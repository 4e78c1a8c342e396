package io.certflow.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private keys (and other secrets) at rest with AES-256-GCM under the key-encryption key.
 * The stored form is {@code v1:<base64(iv || ciphertext || tag)>}; the purpose is bound as
 * associated data, so a ciphertext cannot be moved from one column to another.
 */
public class KeyProtection {

    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey kek;
    private final SecureRandom random = new SecureRandom();

    public KeyProtection(byte[] kekBytes) {
        if (kekBytes.length != 32) {
            throw new IllegalArgumentException("The key-encryption key must be 32 bytes (256 bits), got " + kekBytes.length);
        }
        this.kek = new SecretKeySpec(kekBytes.clone(), "AES");
    }

    /**
     * An HMAC-SHA256 of {@code data} under a key derived from the key-encryption key for {@code purpose}:
     * every node of one installation computes the same value and nobody without the key can. The
     * key-encryption key itself never signs anything.
     */
    public byte[] mac(byte[] data, String purpose) {
        try {
            javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(kek.getEncoded(), "HmacSHA256"));
            byte[] purposeKey = derive.doFinal(("mac:" + purpose).getBytes(StandardCharsets.UTF_8));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(purposeKey, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    public String encrypt(byte[] plaintext, String purpose) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public byte[] decrypt(String stored, String purpose) {
        if (stored == null || !stored.startsWith(VERSION)) {
            throw new IllegalArgumentException("Not a protected value");
        }
        byte[] in = Base64.getDecoder().decode(stored.substring(VERSION.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            // Wrong key-encryption key or tampered data: never fall back to anything.
            throw new IllegalStateException("Cannot decrypt a protected " + purpose + ": wrong key-encryption key or corrupted data");
        }
    }

    public String protect(PrivateKey key, String purpose) {
        byte[] encoded = key.getEncoded();
        try {
            return encrypt(encoded, purpose);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    public PrivateKey unprotect(String stored, String purpose) {
        byte[] pkcs8 = decrypt(stored, purpose);
        try {
            for (String algorithm : new String[] {"EC", "RSA"}) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                } catch (GeneralSecurityException wrongAlgorithm) {
                    // try the next one
                }
            }
            throw new IllegalStateException("Stored " + purpose + " is neither an EC nor an RSA key");
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** Rebuilds the key pair (the public half is derived, not stored). */
    public KeyPair unprotectPair(String stored, String purpose) {
        PrivateKey privateKey = unprotect(stored, purpose);
        return new KeyPair(Keys.publicKeyOf(privateKey), privateKey);
    }

}
