package io.certflow.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.certflow.crypto.CertificateSubject.Attribute;
import io.certflow.crypto.CertificateSubject.Type;

/**
 * A subject as RFC 4514 text: attributes separated by ',', a backslash escaping one of
 * {@code , + " \ < > ; = #} or a space, spaces around types and values not part of them. Only
 * what {@link CertificateSubject} needs: no multi-valued RDNs ('+'), no '#' hex values, no hex escapes.
 */
final class SubjectText {

    private SubjectText() {
    }

    /** Splits at every ',' that is not escaped; '+' (a multi-valued RDN) is refused. */
    static List<String> split(String field, String text, List<String> problems) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
            } else if (c == ',') {
                parts.add(current.toString());
                current.setLength(0);
            } else if (c == '+') {
                problems.add(field + ": an unescaped '+' joins two attributes into one (a multi-valued RDN), which is not"
                        + " supported; write '\\+' for a plus sign in a value");
                return List.of();
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    static Attribute attribute(String field, String rdn, List<String> problems) {
        int equals = unescapedIndexOf(rdn, '=');
        if (equals < 0) {
            problems.add(field + ": " + DomainNames.quote(rdn.strip()) + " is not an attribute such as CN=Jane Doe"
                    + (rdn.isBlank() ? " (two commas in a row, or one at either end)" : ""));
            return null;
        }
        String typeText = rdn.substring(0, equals).strip();
        Optional<Type> type = Type.named(typeText);
        if (type.isEmpty()) {
            problems.add(field + ": the attribute " + DomainNames.quote(typeText) + " is not allowed; use "
                    + Arrays.stream(Type.values()).map(Type::label).collect(Collectors.joining(", ")));
            return null;
        }
        String value = unescape(field, type.get(), rdn.substring(equals + 1), problems);
        if (value != null && type.get() == Type.EMAIL_ADDRESS && EmailAddresses.problemWith(value) == null) {
            value = EmailAddresses.canonical(value);
        }
        return value == null ? null : new Attribute(type.get(), value);
    }

    private static int unescapedIndexOf(String text, char wanted) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static final String SPECIALS = ",+\"\\<>;=# ";

    /** RFC 4514 value: the spaces around it are not part of it; '\' escapes a special character. */
    private static String unescape(String field, Type type, String raw, List<String> problems) {
        String text = stripUnescapedSpaces(raw);
        if (text.startsWith("#")) {
            problems.add(field + ": " + type.label() + " is given in '#' hex form, which is not supported; write the text");
            return null;
        }
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                if (SPECIALS.indexOf(next) < 0 || next == 0) {
                    problems.add(field + ": in " + type.label() + ", a '\\' must escape one of , + \" \\ < > ; = # or a space"
                            + " (hex escapes are not supported; write the character itself)");
                    return null;
                }
                value.append(next);
                i++;
            } else if ("\"<>;".indexOf(c) >= 0) {
                problems.add(field + ": in " + type.label() + ", '" + c + "' must be escaped as '\\" + c + "'");
                return null;
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    private static String stripUnescapedSpaces(String raw) {
        int start = 0;
        while (start < raw.length() && raw.charAt(start) == ' ') {
            start++;
        }
        int end = raw.length();
        while (end > start && raw.charAt(end - 1) == ' ' && !escaped(raw, end - 1)) {
            end--;
        }
        return raw.substring(start, end);
    }

    private static boolean escaped(String text, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && text.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean edgeSpace = c == ' ' && (i == 0 || i == value.length() - 1);
            if (",+\"\\<>;=".indexOf(c) >= 0 || edgeSpace || (c == '#' && i == 0)) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
