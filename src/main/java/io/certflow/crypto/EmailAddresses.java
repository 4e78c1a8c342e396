package io.certflow.crypto;

import java.util.regex.Pattern;

import io.certflow.error.InvalidRequestException;

/**
 * The one rule for an email address in a certificate (an rfc822Name, or the emailAddress attribute
 * of a subject): an RFC 5321 addr-spec of a dot-atom local part and a domain name. Both are
 * IA5Strings in a certificate, so the address is ASCII; quoted local parts, address literals,
 * comments and internationalized addresses (RFC 8398) are refused, not repaired. The domain follows
 * {@link DomainNames} (without wildcards) and is lower-cased; the local part is kept as given.
 */
public final class EmailAddresses {

    /** RFC 5321: a path of 256 octets holds 254 of address between its angle brackets. */
    public static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_PART_LENGTH = 64;
    private static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private EmailAddresses() {
    }

    /** A sentence naming what is wrong with the address, or null when it is valid. */
    public static String problemWith(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "an empty email address is not allowed";
        }
        String quoted = DomainNames.quote(raw);
        String character = DomainNames.forbiddenCharacter(raw);
        if (character != null) {
            return quoted + " contains " + character + "; an email address holds no spaces or control characters";
        }
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) >= 0x80) {
                return quoted + " contains the non-ASCII character '" + new String(Character.toChars(raw.codePointAt(i)))
                        + "' at position " + (i + 1) + "; an email address in a certificate is ASCII (give the domain"
                        + " in its xn-- form)";
            }
        }
        if (raw.length() > MAX_LENGTH) {
            return quoted + " is " + raw.length() + " characters long; an email address has at most " + MAX_LENGTH;
        }
        int at = raw.lastIndexOf('@');
        if (at < 0) {
            return quoted + " is not an email address: it has no '@'";
        }
        String local = raw.substring(0, at);
        String domain = raw.substring(at + 1);
        if (local.isEmpty()) {
            return quoted + " has nothing before the '@'";
        }
        if (local.length() > MAX_LOCAL_PART_LENGTH) {
            return quoted + " has a local part of " + local.length() + " characters; at most " + MAX_LOCAL_PART_LENGTH;
        }
        if (!DOT_ATOM.matcher(local).matches()) {
            return quoted + " has the local part " + DomainNames.quote(local) + ", which is not a dot-atom: letters, digits"
                    + " and !#$%&'*+/=?^_`{|}~- with single dots between them (quoted local parts are not supported)";
        }
        if (domain.isEmpty()) {
            return quoted + " has nothing after the '@'";
        }
        if (domain.endsWith(".") || domain.startsWith("*")) {
            return quoted + " has the domain " + DomainNames.quote(domain) + "; an email domain has no trailing dot and no wildcard";
        }
        String problem = DomainNames.problemWith(domain);
        return problem == null ? null : quoted + " has an invalid domain: " + problem;
    }

    /** The address with its domain lower-cased; only for a valid address (see {@link #problemWith}). */
    public static String canonical(String raw) {
        String problem = problemWith(raw);
        if (problem != null) {
            throw new InvalidRequestException(problem);
        }
        int at = raw.lastIndexOf('@');
        return raw.substring(0, at + 1) + DomainNames.canonical(raw.substring(at + 1));
    }
}
