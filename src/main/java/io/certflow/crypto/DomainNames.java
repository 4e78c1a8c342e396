package io.certflow.crypto;

import java.net.IDN;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.certflow.error.InvalidRequestException;

/** Checks and normalizes the DNS names a certificate is requested for (RFC 1035 / RFC 5280 rules). */
public final class DomainNames {

    public static final int MAX_NAMES = 100;
    private static final int MAX_NAME_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private DomainNames() {
    }

    /**
     * Returns the names lower-cased, without trailing dots and duplicates, in the given order; or
     * throws {@link InvalidRequestException} listing every problem found.
     */
    public static List<String> normalize(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new InvalidRequestException("domains: at least one domain name is required");
        }
        if (names.size() > MAX_NAMES) {
            throw new InvalidRequestException("domains: at most " + MAX_NAMES + " names per certificate, got " + names.size());
        }
        List<String> problems = new ArrayList<>();
        Set<String> out = new LinkedHashSet<>();
        for (String raw : names) {
            String problem = problemWith(raw);
            if (problem != null) {
                problems.add(problem);
                continue;
            }
            String name = canonical(raw);
            out.add(name);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return List.copyOf(out);
    }

    /** Lower case, no trailing dot, internationalized labels in their ASCII (punycode) form. */
    public static String canonical(String raw) {
        String name = raw.trim().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        boolean wildcard = name.startsWith("*.");
        String rest = wildcard ? name.substring(2) : name;
        if (!rest.chars().allMatch(c -> c < 128)) {
            rest = IDN.toASCII(rest);
        }
        return wildcard ? "*." + rest : rest;
    }

    /** A sentence naming what is wrong with the name, or null when it is a valid DNS name. */
    public static String problemWith(String raw) {
        if (raw == null || raw.isBlank()) {
            return "an empty domain name is not allowed";
        }
        String trimmed = raw.trim();
        if (IPV4.matcher(trimmed).matches() || trimmed.contains(":")) {
            return "'" + abbreviate(raw) + "' is an IP address: certificates are issued for DNS names only";
        }
        if (trimmed.chars().anyMatch(DomainNames::isDeviation)) {
            // java.net.IDN follows IDNA2003 and would turn "straße" into "strasse": another domain.
            return "'" + abbreviate(raw) + "' contains ß, ς or an invisible joiner, which IDNA2003 and IDNA2008 map to different"
                    + " domains; give the name in its ASCII (xn--) form";
        }
        String name;
        try {
            name = canonical(trimmed);
        } catch (IllegalArgumentException e) {
            return "'" + abbreviate(raw) + "' is not a valid internationalized domain name: " + e.getMessage();
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "'" + abbreviate(raw) + "' is " + name.length() + " characters long; a domain name has at most " + MAX_NAME_LENGTH;
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return "'" + abbreviate(raw) + "' is not a fully qualified domain name (it needs at least two labels)";
        }
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (i == 0 && label.equals("*")) {
                if (labels.length < 3) {
                    return "'" + abbreviate(raw) + "' is a wildcard directly under a top-level domain";
                }
                continue;
            }
            if (label.isEmpty()) {
                return "'" + abbreviate(raw) + "' has an empty label (two dots in a row)";
            }
            if (label.length() > 63) {
                return "'" + abbreviate(raw) + "' has a label of " + label.length() + " characters; a label has at most 63";
            }
            if (!LABEL.matcher(label).matches()) {
                return "'" + abbreviate(raw) + "' is not a valid domain name: label '" + abbreviate(label)
                        + "' may only hold letters, digits and inner hyphens"
                        + (label.contains("*") ? " (a wildcard must be the whole leftmost label, as in *.example.com)" : "");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return "'" + abbreviate(raw) + "' is not a valid domain name: the top-level label cannot be numeric";
        }
        return null;
    }

    /** The IDNA "deviation" characters (UTS #46 section 4.2). */
    private static boolean isDeviation(int c) {
        return c == 0x00DF || c == 0x03C2 || c == 0x200C || c == 0x200D;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
