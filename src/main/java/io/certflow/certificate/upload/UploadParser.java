package io.certflow.certificate.upload;

import static io.certflow.certificate.upload.Certificates.describe;
import static io.certflow.certificate.upload.Certificates.isSelfIssued;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import io.certflow.crypto.KeyType;
import io.certflow.error.InvalidRequestException;

/**
 * Reads and checks a certificate bundle a user uploads (PEM or PKCS#12): the certificates parse, the private key belongs to
 * the leaf, the chain is complete, in order and correctly signed, a TLS client would accept it (PKIX path validation to its
 * root, no MD5 or SHA-1 signature), the leaf's key type, names and validity are acceptable.
 * Pure: no Spring, no database, no clock (the caller passes the instant validity is judged at). Thread-safe.
 *
 * <p>Problems are collected and reported together, each as a sentence naming the defect; only when the upload cannot be
 * read at all (a damaged block, a wrong password, no certificate, two keys) does the check stop there.
 */
public final class UploadParser {

    public static final int MAX_BYTES = 1024 * 1024;

    private final List<X509Certificate> trustStore;
    private final ChainBuilder chainBuilder;

    /** @param trustStore roots a chain may end at when the upload does not include its root; may be null or empty */
    public UploadParser(Collection<X509Certificate> trustStore) {
        this.trustStore = trustStore == null ? List.of() : List.copyOf(trustStore);
        this.chainBuilder = new ChainBuilder(this.trustStore);
    }

    /**
     * @param password              passphrase of an encrypted PKCS#8 key in a PEM bundle, or the PKCS#12 password; may be null
     * @param acceptOutsideValidity whether an expired or not-yet-valid leaf or CA certificate is accepted (then marked outsideValidity)
     * @param requireKey            false for CA certificates uploaded without their key
     * @param now                   the instant validity is judged at
     * @throws InvalidRequestException listing every defect found, each a sentence that names it
     */
    public ParsedUpload parse(byte[] content, UploadFormat format, char[] password, boolean acceptOutsideValidity,
                              boolean requireKey, Instant now) {
        Objects.requireNonNull(now, "now");
        if (content == null || content.length == 0) {
            throw new InvalidRequestException("the upload is empty: it holds no certificate");
        }
        if (content.length > MAX_BYTES) {
            throw new InvalidRequestException("the upload is " + content.length + " bytes, more than the limit of " + MAX_BYTES
                    + " bytes (1 MiB); a certificate bundle is a few kilobytes");
        }
        if (format == null) {
            throw new InvalidRequestException("the upload format is missing: it is PEM or PKCS12");
        }
        UploadContents contents = format == UploadFormat.PEM
                ? PemUploadReader.read(content, password) : Pkcs12UploadReader.read(content, password);
        return check(contents, format, acceptOutsideValidity, requireKey, now);
    }

    private ParsedUpload check(UploadContents contents, UploadFormat format, boolean acceptOutsideValidity, boolean requireKey,
                               Instant now) {
        String where = format == UploadFormat.PEM ? "the upload" : "the PKCS#12 file";
        if (contents.keys().size() > 1) {
            throw new InvalidRequestException(moreThanOneKey(where, contents.keys().size()));
        }
        if (contents.certificates().isEmpty()) {
            throw new InvalidRequestException(where + " holds no certificate" + (contents.keys().isEmpty() ? "" : ", only a"
                    + " private key; add the certificate it belongs to, with its chain"));
        }
        List<String> problems = new ArrayList<>();
        PrivateKey key = contents.keys().isEmpty() ? null : contents.keys().get(0);
        if (key == null && requireKey) {
            problems.add(where + " holds no private key; the leaf certificate's private key is required");
        }

        List<X509Certificate> certificates = new ArrayList<>();
        for (X509Certificate certificate : contents.certificates()) {
            if (certificates.contains(certificate)) {
                problems.add("the certificate " + describe(certificate) + " appears twice in the upload; list each certificate once");
            } else {
                certificates.add(certificate);
            }
        }

        X509Certificate leaf = leaf(certificates, key, problems);
        ChainBuilder.Chain built = chainBuilder.build(leaf, certificates);
        List<X509Certificate> chain = built.certificates();
        problems.addAll(built.problems());

        for (X509Certificate certificate : certificates) {
            if (!chain.contains(certificate)) {
                problems.add("the certificate " + describe(certificate) + " is not part of the chain of the leaf certificate "
                        + describe(leaf) + "; remove it from the upload");
            }
        }
        if (format == UploadFormat.PEM) {
            ChainBuilder.checkOrder(certificates, chain, problems);
        }
        if (chain.size() == 1 && isSelfIssued(leaf) && leaf.getBasicConstraints() < 0 && !trustStore.contains(leaf)) {
            problems.add("the leaf certificate " + describe(leaf) + " is self-signed and not in the trust store; upload a"
                    + " certificate issued by a CA, or add this one to the trust store first");
        }
        if (built.complete()) {
            // As a TLS client: the friendly rules name each defect; the standard validator then has the last word.
            List<String> broken = ChainRules.check(chain);
            problems.addAll(broken.isEmpty() ? PathValidation.validate(chain, now) : broken);
        }

        KeyType keyType = LeafChecks.keyType(leaf, problems);
        List<String> dnsNames = LeafChecks.dnsNames(leaf, requireKey, problems);

        // A CA certificate of the chain outside its validity fails every client's verification just as the leaf would.
        boolean outsideValidity = false;
        for (X509Certificate certificate : chain) {
            String problem = validityProblem(certificate, Certificates.role(certificate, leaf), now);
            if (problem != null) {
                outsideValidity = true;
                if (!acceptOutsideValidity) {
                    problems.add(problem + "; such a certificate is accepted only when certificates outside their validity"
                            + " are explicitly allowed");
                }
            }
        }

        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new ParsedUpload(leaf, chain, key, dnsNames, outsideValidity, keyType.name());
    }

    /** The certificate the private key belongs to, else the end of the chain; a key of none of them is a problem. */
    private static X509Certificate leaf(List<X509Certificate> certificates, PrivateKey key, List<String> problems) {
        X509Certificate leaf = ChainBuilder.endEntity(certificates);
        if (key == null) {
            return leaf;
        }
        PublicKey derived = PrivateKeys.derivePublicKey(key);
        X509Certificate owner = certificates.stream()
                .filter(certificate -> PrivateKeys.belongs(key, derived, certificate.getPublicKey()))
                .findFirst().orElse(null);
        if (owner == null) {
            problems.add("the private key does not belong to the leaf certificate " + describe(leaf)
                    + (certificates.size() > 1 ? " nor to any other certificate in the upload" : "")
                    + "; upload the key that was generated with this certificate's request");
            return leaf;
        }
        if (owner != leaf && ChainBuilder.issuedAnother(owner, certificates)) {
            problems.add("the private key does not belong to the leaf certificate " + describe(leaf) + " but to the CA"
                    + " certificate " + describe(owner) + " of its chain; upload the leaf certificate's own key");
            return leaf;
        }
        return owner;
    }

    /** What is wrong with the certificate's validity at {@code now}, or null when it is valid then. */
    private static String validityProblem(X509Certificate certificate, String role, Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            return role + describe(certificate) + " is not valid yet: its notBefore is " + notBefore + ", after " + now;
        }
        if (now.isAfter(notAfter)) {
            return role + describe(certificate) + " has expired: its notAfter was " + notAfter + ", before " + now;
        }
        return null;
    }

    /**
     * The refusal of an upload with several private keys; a reader says it as soon as it meets the second one.
     *
     * @param count how many there are, or null when the reader stopped counting at the second
     */
    static String moreThanOneKey(String where, Integer count) {
        return where + " holds " + (count == null ? "more than one private key" : count + " private keys")
                + "; it may hold only one, the leaf certificate's";
    }
}
