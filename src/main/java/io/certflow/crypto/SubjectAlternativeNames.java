package io.certflow.crypto;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.certflow.error.InvalidRequestException;

/**
 * The names a certificate is for, in canonical form: DNS names by {@link DomainNames}, email
 * addresses by {@link EmailAddresses}, together at most {@link DomainNames#MAX_NAMES}, each once.
 */
public record SubjectAlternativeNames(List<String> dnsNames, List<String> emailAddresses) {

    public SubjectAlternativeNames {
        dnsNames = List.copyOf(dnsNames);
        emailAddresses = List.copyOf(emailAddresses);
        if (dnsNames.size() + emailAddresses.size() > DomainNames.MAX_NAMES) {
            throw new IllegalArgumentException("More than " + DomainNames.MAX_NAMES + " names");
        }
        for (String name : dnsNames) {
            if (DomainNames.problemWith(name) != null || !DomainNames.canonical(name).equals(name)) {
                throw new IllegalArgumentException("Not a canonical DNS name: " + DomainNames.quote(name));
            }
        }
        for (String address : emailAddresses) {
            if (EmailAddresses.problemWith(address) != null || !EmailAddresses.canonical(address).equals(address)) {
                throw new IllegalArgumentException("Not a canonical email address: " + DomainNames.quote(address));
            }
        }
    }

    public static SubjectAlternativeNames ofDnsNames(List<String> dnsNames) {
        return new SubjectAlternativeNames(dnsNames, List.of());
    }

    /**
     * Reads the names of a request: a name with an '@' is an email address when {@code emailAllowed},
     * every other one a DNS name. Throws {@link InvalidRequestException} listing every problem, each
     * starting with {@code field}; an empty list is allowed here (the caller knows whether a
     * certificate needs names).
     */
    public static SubjectAlternativeNames parse(String field, List<String> names, boolean emailAllowed) {
        if (names == null || names.isEmpty()) {
            return new SubjectAlternativeNames(List.of(), List.of());
        }
        if (names.size() > DomainNames.MAX_NAMES) {
            throw new InvalidRequestException(field + ": at most " + DomainNames.MAX_NAMES + " names per certificate, got "
                    + names.size());
        }
        List<String> problems = new ArrayList<>();
        Set<String> dnsNames = new LinkedHashSet<>();
        Set<String> addresses = new LinkedHashSet<>();
        for (String raw : names) {
            if (raw != null && raw.contains("@")) {
                String problem = emailAllowed ? EmailAddresses.problemWith(raw)
                        : DomainNames.quote(raw) + " is an email address; this certificate is for DNS names only";
                if (problem != null) {
                    problems.add(field + ": " + problem);
                } else {
                    addresses.add(EmailAddresses.canonical(raw));
                }
            } else {
                String problem = DomainNames.problemWith(raw);
                if (problem != null) {
                    problems.add(field + ": " + problem);
                } else {
                    dnsNames.add(DomainNames.canonical(raw));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new SubjectAlternativeNames(new ArrayList<>(dnsNames), new ArrayList<>(addresses));
    }

    public boolean isEmpty() {
        return dnsNames.isEmpty() && emailAddresses.isEmpty();
    }

    /** The first name, DNS names first: what a certificate without a given subject is named after. */
    public String first() {
        return dnsNames.isEmpty() ? emailAddresses.get(0) : dnsNames.get(0);
    }
}
