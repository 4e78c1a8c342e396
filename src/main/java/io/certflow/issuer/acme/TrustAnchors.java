package io.certflow.issuer.acme;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.certflow.crypto.Pem;

/** TLS trust for talking to a CA: the JVM's default anchors plus, for private ACME servers, one more. */
final class TrustAnchors {

    private TrustAnchors() {
    }

    static SSLContext sslContext(String extraAnchorPem) {
        try {
            if (extraAnchorPem == null || extraAnchorPem.isBlank()) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate anchor : defaultAnchors()) {
                store.setCertificateEntry("default-" + i++, anchor);
            }
            for (X509Certificate anchor : Pem.readCertificates(extraAnchorPem)) {
                store.setCertificateEntry("extra-" + i++, anchor);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot build the TLS trust for the ACME server", e);
        }
    }

    private static List<X509Certificate> defaultAnchors() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return List.of(x509.getAcceptedIssuers());
            }
        }
        return List.of();
    }
}
