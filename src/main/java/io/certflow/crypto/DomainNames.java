package io.certflow.crypto;

import java.net.IDN;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.certflow.error.InvalidRequestException;

/**
 * The one set of rules for a DNS name in a certificate, whichever way the certificate is made or
 * taken in: ACME and private CA requests, repository certificates, the domain of an email address,
 * the names of an upload (RFC 1035, RFC 5280 and RFC 5890/5891).
 *
 * <p>Strict: a name is refused, never repaired, when it holds anything but what a DNS name is made
 * of. Nothing is trimmed: a space, a NUL or another control character anywhere is a problem, so
 * that "example.test\u0000" cannot become "example.test" on the way to the CA. What is normalised:
 * letters are lower-cased, one trailing dot (the DNS root) is removed, and an internationalized
 * name is converted to its A-labels. An A-label given as such must decode and re-encode to itself
 * and name a Unicode label already in its normalised form; anything that IDNA would change beyond
 * lower-casing is refused with the form to use.
 */
public final class DomainNames {

    public static final int MAX_NAMES = 100;
    public static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private DomainNames() {
    }

    /** {@link #normalize(String, List)} for the {@code domains} field of a request. */
    public static List<String> normalize(List<String> names) {
        return normalize("domains", names);
    }

    /**
     * Returns the names in canonical form, each once, in the given order; or throws
     * {@link InvalidRequestException} listing every problem found, each starting with {@code field}.
     * Whether a wildcard can be proven by the chosen validation method is ValidationPlan's question.
     */
    public static List<String> normalize(String field, List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new InvalidRequestException(field + ": at least one domain name is required");
        }
        if (names.size() > MAX_NAMES) {
            throw new InvalidRequestException(field + ": at most " + MAX_NAMES + " names per certificate, got " + names.size());
        }
        List<String> problems = new ArrayList<>();
        Set<String> out = new LinkedHashSet<>();
        for (String raw : names) {
            Checked checked = check(raw);
            if (checked.problem() != null) {
                problems.add(field + ": " + checked.problem());
            } else {
                out.add(checked.name());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return List.copyOf(out);
    }

    /**
     * Lower case, without the trailing dot, internationalized labels as A-labels. Only for a valid
     * name: throws {@link InvalidRequestException} naming the problem otherwise (see {@link #problemWith}).
     */
    public static String canonical(String raw) {
        Checked checked = check(raw);
        if (checked.problem() != null) {
            throw new InvalidRequestException(checked.problem());
        }
        return checked.name();
    }

    /** A sentence naming what is wrong with the name, or null when it is a valid DNS name. */
    public static String problemWith(String raw) {
        return check(raw).problem();
    }

    private record Checked(String name, String problem) {

        static Checked problem(String raw, String problem) {
            return new Checked(null, quote(raw) + " " + problem);
        }
    }

    private static Checked check(String raw) {
        if (raw == null || raw.isEmpty()) {
            return new Checked(null, "an empty domain name is not allowed");
        }
        String character = forbiddenCharacter(raw);
        if (character != null) {
            return Checked.problem(raw, "contains " + character + "; a domain name holds only letters, digits, hyphens and dots");
        }
        // Before any conversion: a long text costs no more than a look at its length.
        if (raw.length() > MAX_NAME_LENGTH + 1) {
            return Checked.problem(raw, "is " + raw.length() + " characters long; a domain name has at most " + MAX_NAME_LENGTH);
        }
        if (IPV4.matcher(raw).matches() || raw.contains(":")) {
            return Checked.problem(raw, "is an IP address: certificates are issued for DNS names only");
        }
        String name = raw.toLowerCase(Locale.ROOT);
        if (name.codePoints().anyMatch(DomainNames::isDeviation)) {
            // java.net.IDN follows IDNA2003 and would turn "straße" into "strasse": another domain.
            return Checked.problem(raw, "contains ß, ς or an invisible joiner, which IDNA2003 and IDNA2008 map to different"
                    + " domains; give the name in its ASCII (xn--) form");
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!name.chars().allMatch(c -> c < 0x80)) {
            String ascii;
            try {
                ascii = IDN.toASCII(name);
            } catch (IllegalArgumentException e) {
                return Checked.problem(raw, "is not a valid internationalized domain name: " + e.getMessage());
            }
            String normal = IDN.toUnicode(ascii);
            if (!normal.equals(name)) {
                return Checked.problem(raw, "is not in the normalised form of an internationalized domain name; give it as "
                        + quote(normal) + " (or " + quote(ascii) + ")");
            }
            name = ascii;
        }
        String problem = structureProblem(name);
        return problem == null ? new Checked(name, null) : Checked.problem(raw, problem);
    }

    /** The rules of RFC 1035 and RFC 5890 for a lower-case ASCII name. */
    private static String structureProblem(String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            return "is " + name.length() + " characters long; a domain name has at most " + MAX_NAME_LENGTH;
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return "is not a fully qualified domain name (it needs at least two labels)";
        }
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (i == 0 && label.equals("*")) {
                if (labels.length < 3) {
                    return "is a wildcard directly under a top-level domain";
                }
                continue;
            }
            if (label.isEmpty()) {
                return "has an empty label (two dots in a row, or a dot at its start)";
            }
            if (label.length() > MAX_LABEL_LENGTH) {
                return "has a label of " + label.length() + " characters; a label has at most " + MAX_LABEL_LENGTH;
            }
            if (!LABEL.matcher(label).matches()) {
                return "is not a valid domain name: label " + quote(label) + " may only hold letters, digits and inner hyphens"
                        + (label.contains("*") ? " (a wildcard must be the whole leftmost label, as in *.example.com)" : "");
            }
            if (label.startsWith("xn--")) {
                String problem = aLabelProblem(label);
                if (problem != null) {
                    return "has the label " + quote(label) + ", which is not a valid A-label: " + problem;
                }
            } else if (label.length() >= 4 && label.startsWith("--", 2)) {
                return "has the label " + quote(label) + ": hyphens in the third and fourth place are reserved for encoded"
                        + " labels such as xn--";
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return "is not a valid domain name: the top-level label cannot be numeric";
        }
        return null;
    }

    /**
     * Why an "xn--" label is not the A-label of a valid U-label: it must decode, re-encode to
     * itself, and decode to a label that IDNA leaves as it is.
     */
    private static String aLabelProblem(String label) {
        String encoded = label.substring(4);
        String unicode;
        try {
            unicode = Punycode.decode(encoded);
        } catch (IllegalArgumentException e) {
            return "its Punycode does not decode (" + e.getMessage() + ")";
        }
        if (!Punycode.encode(unicode).equals(encoded)) {
            return "it decodes to " + quote(unicode) + ", which encodes to xn--" + Punycode.encode(unicode) + ", not to itself";
        }
        if (forbiddenCharacter(unicode) != null || unicode.indexOf('\u200C') >= 0 || unicode.indexOf('\u200D') >= 0) {
            return "it decodes to a label with " + (forbiddenCharacter(unicode) != null ? forbiddenCharacter(unicode)
                    : "an invisible joiner");
        }
        // IDNA2008 keeps ß and ς, which IDNA2003 (java.net.IDN) maps to "ss" and "σ"; compare in the mapped form.
        String comparable = unicode.replace("ß", "ss").replace('ς', 'σ');
        try {
            String again = IDN.toUnicode(IDN.toASCII(comparable, IDN.USE_STD3_ASCII_RULES), IDN.USE_STD3_ASCII_RULES);
            if (!again.equals(comparable)) {
                return "it decodes to " + quote(unicode) + ", which is not in normalised form";
            }
        } catch (IllegalArgumentException e) {
            return "it decodes to " + quote(unicode) + ", which is not a valid label: " + e.getMessage();
        }
        return null;
    }

    /**
     * Names the first character that no domain name may hold in any form: a space, a control
     * character (NUL among them), an invisible formatting character, a lone surrogate or an
     * unassigned code point; null when there is none.
     */
    static String forbiddenCharacter(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int type = Character.getType(c);
            if (type != Character.CONTROL && (Character.isWhitespace(c) || Character.isSpaceChar(c))) {
                return "a space or other white space (U+" + hex(c) + ") at position " + (i + 1);
            }
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED) {
                return "the " + (type == Character.CONTROL ? "control" : "invisible or unassigned") + " character U+" + hex(c)
                        + " at position " + (i + 1);
            }
            i += Character.charCount(c);
        }
        return null;
    }

    /** The IDNA "deviation" characters (UTS #46 section 4.2). */
    private static boolean isDeviation(int c) {
        return c == 0x00DF || c == 0x03C2 || c == 0x200C || c == 0x200D;
    }

    private static String hex(int codePoint) {
        return String.format(Locale.ROOT, "%04X", codePoint);
    }

    /**
     * The text in quotes for a message: at most 80 characters, and every character a reader or a
     * log could not see or that could break a line written as its code point.
     */
    public static String quote(String text) {
        String shown = text.length() <= 80 ? text : text.substring(0, 77) + "...";
        StringBuilder out = new StringBuilder("'");
        shown.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (c < 0x20 || type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                out.append("\\u").append(hex(c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('\'').toString();
    }
}
