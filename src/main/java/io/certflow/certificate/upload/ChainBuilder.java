package io.certflow.certificate.upload;

import static io.certflow.certificate.upload.Certificates.describe;
import static io.certflow.certificate.upload.Certificates.isSelfIssued;
import static io.certflow.certificate.upload.Certificates.signedBy;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.security.auth.x500.X500Principal;

/**
 * Finds the leaf of an upload and the chain from it to a self-signed root by names and signatures, with the upload's
 * certificates and the trust store's, so that a missing, damaged, impostor or misplaced certificate is named as such. It
 * does not judge whether a TLS client would accept the chain: {@link ChainRules} and {@link PathValidation} do.
 */
final class ChainBuilder {

    /**
     * @param certificates leaf first, each certificate signed by the next
     * @param problems     what is wrong with the chain itself (incomplete, a signature that does not verify); when there is
     *                     none, the chain ends at a self-signed certificate whose signatures all verify
     */
    record Chain(List<X509Certificate> certificates, List<String> problems) {
        boolean complete() {
            return problems.isEmpty();
        }
    }

    private final List<X509Certificate> trustStore;

    ChainBuilder(List<X509Certificate> trustStore) {
        this.trustStore = trustStore;
    }

    /**
     * The certificate that issued no other one of the upload; with several (unrelated extras), the first end-entity one,
     * else the first. Issuance is judged by name here, so that a broken signature is reported as such, not as disorder.
     */
    static X509Certificate endEntity(List<X509Certificate> certificates) {
        List<X509Certificate> candidates = certificates.stream().filter(c -> !issuedAnother(c, certificates)).toList();
        if (candidates.isEmpty()) {
            return certificates.get(0);
        }
        return candidates.stream().filter(c -> c.getBasicConstraints() < 0).findFirst().orElse(candidates.get(0));
    }

    static boolean issuedAnother(X509Certificate issuer, List<X509Certificate> certificates) {
        return certificates.stream().anyMatch(other -> other != issuer && !isSelfIssued(other)
                && other.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()));
    }

    /** From the leaf up, each next certificate the one (of the upload, else of the trust store) whose key signed it. */
    Chain build(X509Certificate leaf, List<X509Certificate> certificates) {
        List<String> problems = new ArrayList<>();
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        X509Certificate current = leaf;
        int limit = certificates.size() + trustStore.size() + 1;
        while (chain.size() <= limit) {
            String role = Certificates.role(current, leaf);
            if (isSelfIssued(current)) {
                if (!signedBy(current, current)) {
                    problems.add("the self-signed certificate " + describe(current) + " has a signature that does not verify"
                            + " with its own key: it was altered or damaged");
                }
                break;
            }
            X500Principal issuerName = current.getIssuerX500Principal();
            List<X509Certificate> named = new ArrayList<>();
            certificates.stream().filter(c -> !chain.contains(c) && c.getSubjectX500Principal().equals(issuerName)).forEach(named::add);
            trustStore.stream().filter(c -> !chain.contains(c) && c.getSubjectX500Principal().equals(issuerName)).forEach(named::add);
            X509Certificate subject = current;
            X509Certificate issuer = named.stream().filter(c -> signedBy(subject, c)).findFirst().orElse(null);
            if (issuer == null) {
                if (named.isEmpty()) {
                    problems.add("the chain is incomplete: the issuer of " + role + describe(current) + " is missing: no"
                            + " certificate named '" + issuerName.getName() + "' is in the upload or in the trust store;"
                            + " add that certificate to the upload");
                    break;
                }
                X509Certificate impostor = named.get(0);
                problems.add("the signature of " + role + describe(current) + " does not verify with the key of "
                        + describe(impostor) + ", the certificate named as its issuer: one of them was altered or damaged,"
                        + " or they come from two different CAs of the same name");
                if (!certificates.contains(impostor)) {
                    break;
                }
                issuer = impostor;
            }
            chain.add(issuer);
            current = issuer;
        }
        return new Chain(List.copyOf(chain), List.copyOf(problems));
    }

    /** A PEM bundle lists the leaf first, then each certificate's issuer; it is refused, not reordered, otherwise. */
    static void checkOrder(List<X509Certificate> certificates, List<X509Certificate> chain, List<String> problems) {
        List<X509Certificate> expected = chain.stream().filter(certificates::contains).toList();
        List<X509Certificate> actual = certificates.stream().filter(chain::contains).toList();
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) != actual.get(i)) {
                String order = expected.stream().map(Certificates::commonNameOrSubject).collect(Collectors.joining(", then "));
                problems.add("the chain is out of order: " + (i == 0
                        ? "the leaf certificate " + describe(expected.get(0)) + " must come first"
                        : "the certificate " + describe(expected.get(i)) + " must come right after "
                        + describe(expected.get(i - 1)) + ", which it issued")
                        + "; list the leaf first, then each certificate's issuer: " + order);
                return;
            }
        }
    }
}
