package io.certflow.certificate.upload;

import static io.certflow.certificate.upload.Certificates.describe;
import static io.certflow.certificate.upload.Certificates.isSelfIssued;
import static io.certflow.certificate.upload.Certificates.role;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraintValidatorException;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PKIXNameConstraintValidator;

import io.certflow.crypto.DomainNames;

/**
 * Name constraints (RFC 5280 4.2.1.10): a CA certificate may say which names the certificates below it may hold. Each CA's
 * constraints are checked alone against every certificate below it, so that a refusal names the CA, the name and the
 * subtrees; permitted subtrees of several CAs intersect and excluded ones add up, so checking them one by one is the same
 * as checking them merged.
 */
final class NameConstraintRules {

    private NameConstraintRules() {
    }

    /** @param chain leaf first, ending at the root */
    static void check(List<X509Certificate> chain, List<String> problems) {
        for (int holder = 1; holder < chain.size(); holder++) {
            X509Certificate ca = chain.get(holder);
            byte[] extension = ca.getExtensionValue(Extension.nameConstraints.getId());
            if (extension == null) {
                continue;
            }
            NameConstraints constraints;
            PKIXNameConstraintValidator validator = new PKIXNameConstraintValidator();
            try {
                constraints = NameConstraints.getInstance(ASN1OctetString.getInstance(extension).getOctets());
                if (constraints.getPermittedSubtrees() != null) {
                    validator.intersectPermittedSubtree(constraints.getPermittedSubtrees());
                }
                if (constraints.getExcludedSubtrees() != null) {
                    Arrays.stream(constraints.getExcludedSubtrees()).forEach(validator::addExcludedSubtree);
                }
            } catch (RuntimeException e) {
                problems.add("the name constraints of the CA certificate " + describe(ca) + " cannot be read: the extension"
                        + " is damaged; a TLS client refuses a chain it cannot check");
                continue;
            }
            for (int below = holder - 1; below >= 0; below--) {
                X509Certificate certificate = chain.get(below);
                // Self-issued CA certificates (key rollover) are exempt; the leaf never is.
                if (below > 0 && isSelfIssued(certificate)) {
                    continue;
                }
                List<GeneralName> names;
                try {
                    names = names(certificate, below == 0);
                } catch (RuntimeException malformed) {
                    problems.add(role(certificate, chain.get(0)) + describe(certificate) + " has names that cannot be read, so"
                            + " the name constraints of the CA certificate " + describe(ca) + " cannot be checked");
                    continue;
                }
                for (GeneralName name : names) {
                    String broken = broken(validator, name, constraints);
                    if (broken != null) {
                        problems.add(role(certificate, chain.get(0)) + describe(certificate) + " names " + show(name)
                                + ", which the name constraints of the CA certificate " + describe(ca) + " " + broken
                                + "; a TLS client refuses a certificate with a name its CA may not issue");
                    }
                }
            }
        }
    }

    private static String broken(PKIXNameConstraintValidator validator, GeneralName name, NameConstraints constraints) {
        try {
            validator.checkPermitted(name);
        } catch (NameConstraintValidatorException e) {
            return "do not permit (permitted: " + show(constraints.getPermittedSubtrees()) + ")";
        } catch (RuntimeException malformed) {
            return "cannot be checked against, as the name or the constraints are malformed";
        }
        try {
            validator.checkExcluded(name);
        } catch (NameConstraintValidatorException e) {
            return "exclude (excluded: " + show(constraints.getExcludedSubtrees()) + ")";
        } catch (RuntimeException malformed) {
            return "cannot be checked against, as the name or the constraints are malformed";
        }
        return null;
    }

    /**
     * The names constraints apply to: the subject and its subject alternative names. Without alternative names, the
     * e-mail addresses of the subject (RFC 5280) and, for the leaf, its common name when it is a DNS name, which OpenSSL
     * and the JDK check too and Certflow manages the certificate by.
     */
    private static List<GeneralName> names(X509Certificate certificate, boolean leaf) {
        List<GeneralName> names = new ArrayList<>();
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        if (subject.getRDNs().length > 0) {
            names.add(new GeneralName(subject));
        }
        byte[] alternative = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (alternative != null) {
            names.addAll(Arrays.asList(GeneralNames.getInstance(ASN1OctetString.getInstance(alternative).getOctets()).getNames()));
            return names;
        }
        for (String email : values(subject, BCStyle.EmailAddress)) {
            names.add(new GeneralName(GeneralName.rfc822Name, email));
        }
        if (leaf) {
            values(subject, BCStyle.CN).stream().filter(cn -> DomainNames.problemWith(cn) == null)
                    .forEach(cn -> names.add(new GeneralName(GeneralName.dNSName, cn)));
        }
        return names;
    }

    private static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
        List<String> values = new ArrayList<>();
        for (RDN rdn : name.getRDNs(type)) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                if (value.getType().equals(type) && value.getValue() instanceof ASN1String text) {
                    values.add(text.getString());
                }
            }
        }
        return values;
    }

    private static String show(GeneralSubtree[] subtrees) {
        if (subtrees == null || subtrees.length == 0) {
            return "none";
        }
        return Arrays.stream(subtrees).map(subtree -> show(subtree.getBase())).collect(Collectors.joining(", "));
    }

    /** As OpenSSL prints names: DNS:example.org, email:a@example.org, IP:192.0.2.0/255.255.255.0, DirName:O=Example. */
    private static String show(GeneralName name) {
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> "DNS:" + name.getName();
            case GeneralName.rfc822Name -> "email:" + name.getName();
            case GeneralName.uniformResourceIdentifier -> "URI:" + name.getName();
            case GeneralName.directoryName -> "DirName:" + X500Name.getInstance(name.getName());
            case GeneralName.iPAddress -> "IP:" + address(ASN1OctetString.getInstance(name.getName()).getOctets());
            default -> "a name of type " + name.getTagNo();
        };
    }

    /** An address, or in a subtree an address and its mask, each half of the octets. */
    private static String address(byte[] octets) {
        try {
            if (octets.length == 8 || octets.length == 32) {
                int half = octets.length / 2;
                return InetAddress.getByAddress(Arrays.copyOf(octets, half)).getHostAddress() + "/"
                        + InetAddress.getByAddress(Arrays.copyOfRange(octets, half, octets.length)).getHostAddress();
            }
            return InetAddress.getByAddress(octets).getHostAddress();
        } catch (UnknownHostException e) {
            return octets.length + " octets";
        }
    }
}
