package io.certflow.issuer.privateca;

import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.springframework.stereotype.Component;

import io.certflow.error.BusinessFailure;
import io.certflow.error.FailureReason;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerGateway;
import io.certflow.issuer.IssuerType;

/**
 * The private CA behind the same order steps as ACME. It has no authorizations (see
 * ValidationMethod.NONE): an order is valid at once and the leaf is signed when it is downloaded,
 * inside the job that stores it, so a repeated job never leaves two stored leaves.
 */
@Component
public class PrivateCaGateway implements IssuerGateway {

    static final String ORDER_PREFIX = "urn:certflow:private-ca:order:";
    static final int DEFAULT_VALIDITY_DAYS = 90;

    private final PrivateCaService cas;

    public PrivateCaGateway(PrivateCaService cas) {
        this.cas = cas;
    }

    @Override
    public IssuerType type() {
        return IssuerType.PRIVATE_CA;
    }

    @Override
    public PlacedOrder placeOrder(Issuer issuer, List<String> domains, X509Certificate predecessor, String existingOrderUrl) {
        String orderUrl = existingOrderUrl != null ? existingOrderUrl : ORDER_PREFIX + UUID.randomUUID();
        return new PlacedOrder(orderUrl, List.of());
    }

    @Override
    public OrderStatus finalizeOrder(Issuer issuer, String orderUrl, byte[] csr) {
        parse(csr);
        return OrderStatus.of(OrderState.VALID);
    }

    @Override
    public OrderStatus checkOrder(Issuer issuer, String orderUrl) {
        return OrderStatus.of(OrderState.VALID);
    }

    @Override
    public List<X509Certificate> downloadChain(Issuer issuer, String orderUrl, Supplier<byte[]> csr, Integer validityDays) {
        JcaPKCS10CertificationRequest request = parse(csr.get());
        try {
            PublicKey key = request.getPublicKey();
            int days = validityDays == null ? DEFAULT_VALIDITY_DAYS : validityDays;
            return cas.issue(issuer.caId(), dnsNames(request), key, Duration.ofDays(days));
        } catch (java.security.GeneralSecurityException e) {
            throw new BusinessFailure(FailureReason.IDENTIFIER_REJECTED, "The CSR's public key is unusable: " + e.getMessage());
        }
    }

    private static JcaPKCS10CertificationRequest parse(byte[] csr) {
        try {
            JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(csr);
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(request.getPublicKey()))) {
                throw new BusinessFailure(FailureReason.IDENTIFIER_REJECTED, "The CSR's signature does not verify");
            }
            return request;
        } catch (IOException | OperatorCreationException | PKCSException | java.security.GeneralSecurityException e) {
            throw new BusinessFailure(FailureReason.IDENTIFIER_REJECTED, "The CSR cannot be read: " + e.getMessage());
        }
    }

    private static List<String> dnsNames(JcaPKCS10CertificationRequest request) {
        List<String> names = new ArrayList<>();
        for (Attribute attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
            GeneralNames sans = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            if (sans != null) {
                for (GeneralName name : sans.getNames()) {
                    if (name.getTagNo() == GeneralName.dNSName) {
                        names.add(name.getName().toString());
                    }
                }
            }
        }
        if (names.isEmpty()) {
            throw new BusinessFailure(FailureReason.IDENTIFIER_REJECTED, "The CSR names no DNS names");
        }
        return names;
    }
}
