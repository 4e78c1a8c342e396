package io.certflow.deployment;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import io.certflow.crypto.KeyProtection;

/**
 * The API-side rules of a KEYSTORE target: its path follows the allowed-roots rule of every local
 * file, and its password is sealed with the KEK before it is stored, never echoed in a problem.
 */
final class KeystoreChecks {

    static final String DEFAULT_ALIAS = "certflow";
    /**
     * keytool asks for at least 6 characters; 8 is what Certflow asks, since the file protects a
     * private key and anyone who can read it may guess offline.
     */
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 128;
    /** Lower case only: JKS folds aliases to lower case, and a server configured with another case would miss the entry. */
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final AllowedPaths allowedPaths;
    private final KeyProtection protection;

    KeystoreChecks(AllowedPaths allowedPaths, KeyProtection protection) {
        this.allowedPaths = allowedPaths;
        this.protection = protection;
    }

    /**
     * The keystore to store, its password sealed; null when a problem was added.
     *
     * @param current the stored keystore of the target being changed, whose password stays when none is given; null on create
     */
    KeystoreFile checked(KeystoreSettings given, KeystoreFile current, List<String> problems) {
        if (given == null) {
            problems.add("keystore: a KEYSTORE target names its keystore: {path, format, alias, password}");
            return null;
        }
        int before = problems.size();
        if (given.path() == null) {
            problems.add("keystore.path: required, the absolute path of the keystore file");
        } else {
            String problem = allowedPaths.problemWith("keystore.path", given.path());
            if (problem != null) {
                problems.add(problem);
            }
        }
        KeystoreFormat format = format(given.format(), problems);
        String alias = given.alias() == null ? DEFAULT_ALIAS : given.alias();
        if (!ALIAS.matcher(alias).matches()) {
            problems.add("keystore.alias: 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"
                    + " (JKS folds aliases to lower case)");
        }
        String sealed = password(given.password(), current, problems);
        return problems.size() > before ? null : new KeystoreFile(given.path(), format, alias, sealed);
    }

    private static KeystoreFormat format(String text, List<String> problems) {
        if (text == null) {
            return KeystoreFormat.PKCS12;
        }
        for (KeystoreFormat format : KeystoreFormat.values()) {
            if (format.name().equals(text)) {
                return format;
            }
        }
        problems.add("keystore.format: must be PKCS12 or JKS (default PKCS12)");
        return null;
    }

    /** Problems about the password name the rule, never the value given. */
    private String password(String password, KeystoreFile current, List<String> problems) {
        if (password == null) {
            if (current != null && current.sealedPassword() != null) {
                return current.sealedPassword();
            }
            problems.add("keystore.password: required, " + MIN_PASSWORD + " to " + MAX_PASSWORD
                    + " characters; it is stored encrypted and never shown again");
            return null;
        }
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            problems.add("keystore.password: must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
            return null;
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            problems.add("keystore.password: must not contain control characters");
            return null;
        }
        return protection.encrypt(password.getBytes(StandardCharsets.UTF_8), KeystoreFile.PASSWORD_PURPOSE);
    }
}
