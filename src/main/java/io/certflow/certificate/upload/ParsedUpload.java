package io.certflow.certificate.upload;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What an upload held, checked.
 *
 * @param leaf            the certificate the upload is about: the one the private key belongs to, or without a key the one
 *                        that issued no other certificate of the upload
 * @param chain           leaf first, each certificate signed by the next, ending at a self-signed root (the root included when
 *                        it was in the upload or came from the trust store)
 * @param privateKey      the leaf's private key; null only when the upload held none and none was required
 * @param dnsNames        the leaf's DNS names (its DNS subject alternative names or, without any, its DNS-like common name),
 *                        canonical (see {@link io.certflow.crypto.DomainNames#canonical}), without duplicates; empty only
 *                        for CA certificates uploaded without a key
 * @param outsideValidity whether the leaf or a CA certificate of its chain was expired or not yet valid at the instant of
 *                        the check (accepted on request)
 * @param keyType         the {@link io.certflow.crypto.KeyType} name of the leaf's key, e.g. "EC_P256"
 */
public record ParsedUpload(X509Certificate leaf, List<X509Certificate> chain, PrivateKey privateKey, List<String> dnsNames,
                           boolean outsideValidity, String keyType) {

    public ParsedUpload {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(keyType, "keyType");
        chain = List.copyOf(chain);
        dnsNames = List.copyOf(dnsNames);
    }
}
