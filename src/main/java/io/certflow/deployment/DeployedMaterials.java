package io.certflow.deployment;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.certflow.certificate.CertificateStore;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.Pem;

/** A stored certificate as a target receives it: leaf, chain, full chain and its key in PKCS#8 PEM. */
@Component
public class DeployedMaterials {

    private final CertificateStore certificates;
    private final KeyProtection protection;

    public DeployedMaterials(CertificateStore certificates, KeyProtection protection) {
        this.certificates = certificates;
        this.protection = protection;
    }

    public DeployedMaterial of(UUID certificateId) {
        List<X509Certificate> chain = Pem.readCertificates(certificates.findChainPem(certificateId)
                .orElseThrow(() -> new IllegalStateException("Certificate " + certificateId + " has no chain to deploy")));
        PrivateKey key = protection.unprotect(certificates.findPrivateKeyEnc(certificateId)
                .orElseThrow(() -> new IllegalStateException("Certflow holds no private key of certificate " + certificateId)),
                CertificateStore.PRIVATE_KEY_PURPOSE);
        return new DeployedMaterial(Pem.write(chain.get(0)), chain.size() > 1 ? Pem.writeChain(chain.subList(1, chain.size())) : "",
                Pem.writeChain(chain), pkcs8(key));
    }

    /**
     * PKCS#8 ("BEGIN PRIVATE KEY"), which every server reads for RSA and EC alike, from the key's own
     * encoding: it names an EC key's curve, which a traditional EC PEM written from a JDK key lacks.
     */
    static String pkcs8(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
