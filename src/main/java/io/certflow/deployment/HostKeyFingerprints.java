package io.certflow.deployment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * An SSH host key's fingerprint in the one form Certflow pins: {@code SHA256:} and the SHA-256 of the
 * key's wire encoding in base64 without padding, as {@code ssh-keygen -lf} and {@code ssh} print it.
 * Only this form: MD5 fingerprints can be forged, and comparing one spelling is simpler than several.
 */
public final class HostKeyFingerprints {

    static final String PREFIX = "SHA256:";
    /** 32 bytes are 43 base64 characters without padding; the one '=' some tools add is accepted and dropped. */
    private static final Pattern SHA256 = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");
    private static final Pattern MD5 = Pattern.compile("(MD5:)?[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){15}");
    private static final String HOW = "give the host key's SHA256 fingerprint as `ssh-keygen -lf <host key file>` prints it,"
            + " such as SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";

    private HostKeyFingerprints() {
    }

    /** A sentence saying what is wrong with {@code text} as a pinned fingerprint, or null when it is one. */
    public static String problemWith(String text) {
        if (text == null || text.isEmpty()) {
            return "required: " + HOW;
        }
        if (MD5.matcher(text).matches()) {
            return "an MD5 fingerprint is not accepted; " + HOW;
        }
        if (!SHA256.matcher(text).matches()) {
            return "not a SHA256 fingerprint; " + HOW;
        }
        String base64 = canonical(text).substring(PREFIX.length());
        // The last character carries 2 bits beyond the 32 bytes, which must be 0: else two texts would name one key.
        byte[] digest = Base64.getDecoder().decode(base64 + "=");
        if (!Base64.getEncoder().withoutPadding().encodeToString(digest).equals(base64)) {
            return "not a SHA256 fingerprint (its last character is not one base64 gives); " + HOW;
        }
        return null;
    }

    /** The fingerprint as stored and compared: without the padding '=' a tool may have added. */
    public static String canonical(String text) {
        return text.endsWith("=") ? text.substring(0, text.length() - 1) : text;
    }

    /** The fingerprint of a host key given in its SSH wire encoding (the blob of a known_hosts line). */
    static String of(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return PREFIX + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The key type a wire-encoded key names first, e.g. {@code ssh-ed25519}; "unknown" when it names none. */
    static String typeOf(byte[] keyBlob) {
        if (keyBlob.length < 4) {
            return "unknown";
        }
        int length = ((keyBlob[0] & 0xff) << 24) | ((keyBlob[1] & 0xff) << 16) | ((keyBlob[2] & 0xff) << 8) | (keyBlob[3] & 0xff);
        if (length <= 0 || length > 64 || length > keyBlob.length - 4) {
            return "unknown";
        }
        return new String(keyBlob, 4, length, StandardCharsets.US_ASCII);
    }
}
