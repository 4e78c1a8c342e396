package io.certflow.crypto;

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

import io.certflow.error.InvalidRequestException;

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
                for (String rdn : SubjectText.split(field, text, problems)) {
                    Attribute attribute = SubjectText.attribute(field, rdn, problems);
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
        return attributes.stream().map(a -> a.type().label() + "=" + SubjectText.escape(a.value())).collect(Collectors.joining(","));
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
}
