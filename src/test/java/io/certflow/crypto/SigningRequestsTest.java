package io.certflow.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SigningRequestsTest {

    private static final List<String> DOMAINS = List.of("www.example.org", "example.org", "api.example.org");

    @ParameterizedTest(name = "a {0} request names every domain and is signed by the certificate's key")
    @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void theRequestNamesEveryDomainAndIsSignedByTheCertificatesKey(KeyType type) throws Exception {
        KeyPair generated = type.generate();
        // As finalizing sees it: the private key read back from its stored PKCS#8 by the JDK.
        PrivateKey stored = KeyFactory.getInstance(generated.getPrivate().getAlgorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(generated.getPrivate().getEncoded()));

        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(
                SigningRequests.build(DOMAINS, new KeyPair(generated.getPublic(), stored), type));

        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(generated.getPublic()))).isTrue();
        assertThat(csr.getSubjectPublicKeyInfo().getEncoded()).isEqualTo(generated.getPublic().getEncoded());
        assertThat(IETFUtils.valueToString(csr.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue()))
                .isEqualTo("www.example.org");
        Extensions extensions = Extensions.getInstance(
                csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttrValues().getObjectAt(0));
        GeneralName[] names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName).getNames();
        assertThat(Arrays.stream(names).map(name -> name.getTagNo() + ":" + name.getName()))
                .containsExactly("2:www.example.org", "2:example.org", "2:api.example.org");
    }

    @Test
    void aFirstNameLongerThanACommonNameLeavesTheRequestsSubjectEmptyAndItsNamesCritical() throws Exception {
        String longName = "a".repeat(63) + "." + "b".repeat(10) + ".example.org";
        KeyPair key = KeyType.EC_P256.generate();

        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(
                SigningRequests.build(List.of(longName, "example.org"), key, KeyType.EC_P256));

        assertThat(csr.getSubject().getRDNs()).as("a CA refuses a common name over 64 characters").isEmpty();
        Extensions extensions = Extensions.getInstance(
                csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttrValues().getObjectAt(0));
        assertThat(extensions.getExtension(Extension.subjectAlternativeName).isCritical()).isTrue();
    }

    @ParameterizedTest(name = "a {0} key generated for a certificate is read back by the JDK as it is stored")
    @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384"})
    void anEcKeyIsReadBackByTheJdkAndTypedAsGenerated(KeyType type) throws Exception {
        KeyPair generated = type.generate();

        PrivateKey read = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(generated.getPrivate().getEncoded()));

        assertThat(Keys.publicKeyOf(read).getEncoded()).isEqualTo(generated.getPublic().getEncoded());
        assertThat(Keys.typeOf(generated.getPublic())).contains(type);
    }
}
