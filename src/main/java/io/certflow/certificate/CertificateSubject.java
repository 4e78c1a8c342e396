package io.certflow.certificate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The subject distinguished name of a certificate Certflow makes: only the attributes below, each
 * within its RFC 5280 upper bound, in the order given. Any other attribute type, given by name or
 * by OID, is refused by name; so is a control or invisible character anywhere. An instance holds
 * only valid attributes: the constructor checks them, so no certificate can be built from a
 * subject that slipped past {@link #parse}.
 */
public record CertificateSubject(List<Attribute> attributes) {

    /** The longest subject text {@link #parse} reads; far above what the attributes' bounds allow together. */
    public static final int MAX_TEXT_LENGTH = 1024;
    private static final int MAX_ORGANIZATIONAL_UNITS = 4;

    /** The attribute types a subject may hold, with the OID, the RFC 5280 upper bound and how it is encoded. */
    public enum Type {
        CN("2.5.4.3", 64, "CN"),
        O("2.5.4.10", 64, "O"),
        OU("2.5.4.11", 64, "OU"),
        L("2.5.4.7", 128, "L"),
        ST("2.5.4.8", 128, "ST"),
        /** ISO 3166 alpha-2, a PrintableString. */
        C("2.5.4.6", 2, "C"),
        /** PKCS #9 emailAddress, an IA5String; see {@link EmailAddresses}. */
        EMAIL_ADDRESS("1.2.840.113549.1.9.1", EmailAddresses.MAX_LENGTH, "emailAddress");

        private final String oid;
        private final int maxLength;
        private final String label;

        Type(String oid, int maxLength, String label) {
            this.oid = oid;
            this.maxLength = maxLength;
            this.label = label;
        }

        public String oid() {
            return oid;
        }

        /** Upper bound in characters (RFC 5280 appendix A: ub-common-name and the rest). */
        public int maxLength() {
            return maxLength;
        }

        /** The name used in subject texts. */
        public String label() {
            return label;
        }

        static Optional<Type> named(String text) {
            for (Type type : values()) {
                if (type.label.equalsIgnoreCase(text) || type.oid.equals(text)
                        || (type == EMAIL_ADDRESS && text.equalsIgnoreCase("E"))) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    public record Attribute(Type type, String value) {
    }

    public static final CertificateSubject EMPTY = new CertificateSubject(List.of());

    public CertificateSubject {
        attributes = List.copyOf(attributes);
        List<String> problems = new ArrayList<>();
        checkAttributes(attributes, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Not a valid subject: " + String.join("; ", problems));
        }
    }

    /**
     * Reads a subject such as {@code CN=Jane Doe,O=Example\, Inc.,C=DE} (RFC 4514 with ',' between
     * attributes, and '\' escaping one of {@code , + " \ < > ; = #} or a space); throws
     * {@link InvalidRequestException} listing every problem, each starting with {@code field}.
     */
    public static CertificateSubject parse(String field, String text) {
        List<String> problems = new ArrayList<>();
        List<Attribute> attributes = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            problems.add(field + ": a distinguished name such as CN=Jane Doe,O=Example is required");
        } else if (text.length() > MAX_TEXT_LENGTH) {
            problems.add(field + ": " + text.length() + " characters; a subject has at most " + MAX_TEXT_LENGTH);
        } else {
            String character = DomainNames.forbiddenCharacter(text.replace(' ', 'x'));
            if (character != null) {
                problems.add(field + ": contains " + character + "; control and invisible characters are not allowed");
            } else {
                for (String rdn : split(field, text, problems)) {
                    Attribute attribute = attribute(field, rdn, problems);
                    if (attribute != null) {
                        attributes.add(attribute);
                    }
                }
                if (problems.isEmpty()) {
                    checkAttributes(attributes, problems);
                    problems.replaceAll(problem -> field + ": " + problem);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new CertificateSubject(attributes);
    }

    /**
     * The subject of a certificate for names: CN = the first name when it fits the 64 characters of
     * a common name, else no subject at all (RFC 5280 allows that when the names are in a critical
     * subjectAltName, and clients read only those).
     */
    public static CertificateSubject commonNameFor(String firstName) {
        return firstName.length() <= Type.CN.maxLength()
                ? new CertificateSubject(List.of(new Attribute(Type.CN, firstName))) : EMPTY;
    }

    public boolean isEmpty() {
        return attributes.isEmpty();
    }

    /**
     * The subject as encoded in a certificate or a request, in the order given, each attribute in
     * the string type RFC 5280 asks for: UTF8String for names, PrintableString for the country,
     * IA5String for emailAddress.
     */
    public X500Name toX500Name() {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        for (Attribute attribute : attributes) {
            ASN1ObjectIdentifier type = new ASN1ObjectIdentifier(attribute.type().oid());
            builder.addRDN(type, switch (attribute.type()) {
                case C -> new DERPrintableString(attribute.value(), true);
                case EMAIL_ADDRESS -> new DERIA5String(attribute.value(), true);
                default -> new DERUTF8String(attribute.value());
            });
        }
        return builder.build();
    }

    /** The subject as RFC 4514 text, in the order given, with the characters that need it escaped. */
    @Override
    public String toString() {
        return attributes.stream().map(a -> a.type().label() + "=" + escape(a.value())).collect(Collectors.joining(","));
    }

    private static void checkAttributes(List<Attribute> attributes, List<String> problems) {
        if (attributes.isEmpty()) {
            return;
        }
        Map<Type, Integer> counts = new EnumMap<>(Type.class);
        for (Attribute attribute : attributes) {
            Type type = attribute.type();
            String value = attribute.value();
            counts.merge(type, 1, Integer::sum);
            if (value == null || value.isEmpty()) {
                problems.add(type.label() + " is empty");
                continue;
            }
            String character = DomainNames.forbiddenCharacter(value.replace(' ', 'x'));
            int length = value.codePointCount(0, value.length());
            if (character != null) {
                problems.add(type.label() + " contains " + character + "; control and invisible characters are not allowed");
            } else if (type == Type.C && !value.matches("[A-Z]{2}")) {
                problems.add("C " + DomainNames.quote(value) + " is not a country code: two capital letters (ISO 3166), such as DE");
            } else if (length > type.maxLength()) {
                problems.add(type.label() + " is " + length + " characters long; at most " + type.maxLength() + " (RFC 5280)");
            } else if (value.startsWith(" ") || value.endsWith(" ")) {
                problems.add(type.label() + " " + DomainNames.quote(value) + " starts or ends with a space");
            } else if (type == Type.EMAIL_ADDRESS) {
                String problem = EmailAddresses.problemWith(value);
                if (problem != null) {
                    problems.add("emailAddress: " + problem);
                } else if (!EmailAddresses.canonical(value).equals(value)) {
                    problems.add("emailAddress " + DomainNames.quote(value) + " is not in canonical form (a lower-case domain)");
                }
            }
        }
        counts.forEach((type, count) -> {
            int allowed = type == Type.OU ? MAX_ORGANIZATIONAL_UNITS : 1;
            if (count > allowed) {
                problems.add(type.label() + " appears " + count + " times; at most " + allowed);
            }
        });
    }

    /** Splits at every ',' that is not escaped; '+' (a multi-valued RDN) is refused. */
    private static List<String> split(String field, String text, List<String> problems) {
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

    private static Attribute attribute(String field, String rdn, List<String> problems) {
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
                    + java.util.Arrays.stream(Type.values()).map(Type::label).collect(Collectors.joining(", ")));
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

    private static String escape(String value) {
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
