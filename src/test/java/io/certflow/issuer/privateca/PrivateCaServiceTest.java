package io.certflow.issuer.privateca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.certflow.crypto.CertificateSubject;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.KeyType;
import io.certflow.crypto.Keys;
import io.certflow.crypto.Pem;
import io.certflow.crypto.SubjectAlternativeNames;

class PrivateCaServiceTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final List<String> NAMES = List.of("a.internal.test", "b.internal.test");
    private static final Duration NINETY_DAYS = Duration.ofDays(90);

    private final InMemoryCaStore store = new InMemoryCaStore();
    private final KeyProtection keyProtection = new KeyProtection(randomKek());
    private final PrivateCaService service = new PrivateCaService(store, keyProtection, Clock.fixed(NOW, ZoneOffset.UTC));
    private final KeyPair leafKey = KeyType.EC_P256.generate();

    private CertificateAuthority ca;
    private List<X509Certificate> chain;
    private X509Certificate root;

    @BeforeEach
    void createCaAndIssueALeaf() {
        ca = service.create("tenant-1", "Acme Internal");
        chain = service.issue(ca.id(), NAMES, leafKey.getPublic(), NINETY_DAYS);
        root = service.root(ca.id());
    }

    @Test
    void theChainIsTheLeafFollowedByTheIntermediateWithoutTheRoot() throws Exception {
        assertThat(chain).hasSize(2);
        X509Certificate leaf = chain.get(0);
        X509Certificate intermediate = chain.get(1);

        assertThat(Keys.samePublicKey(leaf.getPublicKey(), leafKey.getPublic())).isTrue();
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(intermediate.getSubjectX500Principal());
        assertThat(intermediate.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(intermediate).isEqualTo(Pem.readCertificates(ca.intermediatePem()).get(0));
        assertThat(chain).doesNotContain(root);
        leaf.verify(intermediate.getPublicKey());
        intermediate.verify(root.getPublicKey());
    }

    @Test
    void theChainValidatesAgainstTheRootWithPkix() throws Exception {
        CertPathValidator validator = CertPathValidator.getInstance("PKIX");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(NOW));

        PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) validator.validate(
                CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);

        assertThat(result.getTrustAnchor().getTrustedCert()).isEqualTo(root);
        assertThat(Keys.samePublicKey(result.getPublicKey(), leafKey.getPublic())).isTrue();
    }

    @Test
    void theLeafIsValidForExactlyTheRequestedNames() throws Exception {
        X509Certificate leaf = chain.get(0);

        assertThat(leaf.getSubjectAlternativeNames())
                .extracting(san -> san.get(0), san -> san.get(1))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, "a.internal.test"),
                        org.assertj.core.groups.Tuple.tuple(2, "b.internal.test"));
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=a.internal.test");
        assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1"); // serverAuth
    }

    @Test
    void onlyTheIntermediateCanSignCertificatesAndOnlyLeaves() {
        X509Certificate leaf = chain.get(0);
        X509Certificate intermediate = chain.get(1);

        assertThat(leaf.getBasicConstraints()).as("leaf is not a CA").isEqualTo(-1);
        assertThat(leaf.getKeyUsage()[5]).as("leaf cannot sign certificates (keyCertSign)").isFalse();
        assertThat(intermediate.getBasicConstraints()).as("intermediate is a CA with path length 0").isZero();
        assertThat(intermediate.getKeyUsage()[5]).as("intermediate can sign certificates (keyCertSign)").isTrue();
        assertThat(root.getBasicConstraints()).as("root is a CA").isGreaterThanOrEqualTo(0);
    }

    @Test
    void anEcLeafKeyMayOnlySignNotEncipherKeysAsRfc5480Requires() {
        boolean[] keyUsage = chain.get(0).getKeyUsage();

        assertThat(keyUsage[0]).as("digitalSignature").isTrue();
        assertThat(keyUsage[2]).as("keyEncipherment is not defined for EC keys (RFC 5480 section 3)").isFalse();
    }

    @Test
    void theLeafLastsTheRequestedValidityAndNeverOutlivesTheIntermediate() {
        X509Certificate leaf = chain.get(0);
        X509Certificate intermediate = chain.get(1);

        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(NOW.plus(NINETY_DAYS));
        assertThat(leaf.getNotBefore().toInstant()).isBeforeOrEqualTo(NOW);
        assertThat(leaf.getNotAfter()).isBeforeOrEqualTo(intermediate.getNotAfter());
        assertThat(intermediate.getNotAfter()).isBeforeOrEqualTo(root.getNotAfter());
    }

    @Test
    void aLeafAskedToOutliveTheIntermediateEndsWithIt() {
        X509Certificate intermediate = chain.get(1);

        X509Certificate leaf = service.issue(ca.id(), NAMES, leafKey.getPublic(), Duration.ofDays(3650)).get(0);

        assertThat(leaf.getNotAfter()).isEqualTo(intermediate.getNotAfter());
    }

    @Test
    void serialNumbersArePositiveDistinctAndAtMostTwentyOctets() {
        X509Certificate secondLeaf = service.issue(ca.id(), NAMES, leafKey.getPublic(), NINETY_DAYS).get(0);
        List<BigInteger> serials = List.of(root.getSerialNumber(), chain.get(1).getSerialNumber(),
                chain.get(0).getSerialNumber(), secondLeaf.getSerialNumber());

        assertThat(serials).doesNotHaveDuplicates().allSatisfy(serial -> {
            assertThat(serial.signum()).isPositive();
            assertThat(serial.toByteArray().length).isLessThanOrEqualTo(20);
        });
    }

    @Test
    void theCaPrivateKeysAreStoredEncryptedAndMatchTheirCertificates() {
        CertificateAuthority stored = store.findById(ca.id()).orElseThrow();

        assertThat(stored.rootKeyEnc()).startsWith("v1:");
        assertThat(stored.intermediateKeyEnc()).startsWith("v1:");
        PrivateKey rootKey = keyProtection.unprotect(stored.rootKeyEnc(), PrivateCaService.ROOT_KEY_PURPOSE);
        PrivateKey intermediateKey = keyProtection.unprotect(stored.intermediateKeyEnc(), PrivateCaService.INTERMEDIATE_KEY_PURPOSE);
        assertThat(Keys.samePublicKey(Keys.publicKeyOf(rootKey), root.getPublicKey())).isTrue();
        assertThat(Keys.samePublicKey(Keys.publicKeyOf(intermediateKey), chain.get(1).getPublicKey())).isTrue();
        assertThat(stored.tenantId()).isEqualTo("tenant-1");
        assertThat(stored.createdAt()).isEqualTo(NOW);
    }

    @Test
    void issuingFromAnUnknownCaFailsNamingIt() {
        UUID unknown = UUID.randomUUID();

        assertThatThrownBy(() -> service.issue(unknown, NAMES, leafKey.getPublic(), NINETY_DAYS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(unknown.toString());
    }

    @Test
    void aValidityOutsideOneDayToTenYearsIsRefusedEvenWhenACallerSkippedTheCheck() {
        assertThatThrownBy(() -> service.issue(ca.id(), NAMES, leafKey.getPublic(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than one day");
        assertThatThrownBy(() -> service.issue(ca.id(), NAMES, leafKey.getPublic(), Duration.ofDays(3651)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 3650 days");
    }

    @Test
    void namesThatSkippedTheRulesNeverReachALeaf() {
        assertThatThrownBy(() -> service.issue(ca.id(), List.of("a.internal.test\u0000"), leafKey.getPublic(), NINETY_DAYS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.issue(ca.id(), List.of("a b.internal.test"), leafKey.getPublic(), NINETY_DAYS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFirstNameLongerThanACommonNameLeavesTheSubjectEmptyAndMakesTheNamesCritical() {
        String longName = "a".repeat(63) + "." + "b".repeat(63) + ".internal.test";

        X509Certificate leaf = service.issue(ca.id(), List.of(longName), leafKey.getPublic(), NINETY_DAYS).get(0);

        assertThat(leaf.getSubjectX500Principal().getEncoded()).as("an empty subject sequence").containsExactly(0x30, 0x00);
        assertThat(leaf.getCriticalExtensionOIDs()).contains("2.5.29.17");
    }

    @Test
    void aSubjectIsEncodedAttributeByAttributeWithTheStringTypesRfc5280AsksFor() throws Exception {
        CertificateSubject subject = CertificateSubject.parse("subject",
                "CN=Jürgen Müller\\, Jr.,O=Example,C=DE,emailAddress=juergen@example.test");
        PrivateCaService.LeafProfile profile = new PrivateCaService.LeafProfile(subject,
                SubjectAlternativeNames.parse("sans", List.of("juergen@example.test", "docs.example.test"), true),
                PrivateCaService.LeafProfile.Purpose.SIGNING);

        X509Certificate leaf = service.issue(ca.id(), profile, leafKey.getPublic(), NINETY_DAYS).get(0);

        org.bouncycastle.asn1.x500.X500Name name = org.bouncycastle.asn1.x500.X500Name.getInstance(
                leaf.getSubjectX500Principal().getEncoded());
        assertThat(name.getRDNs()).extracting(rdn -> rdn.getFirst().getValue().getClass().getSimpleName())
                .containsExactly("DERUTF8String", "DERUTF8String", "DERPrintableString", "DERIA5String");
        assertThat(name.getRDNs()[0].getFirst().getValue().toString()).isEqualTo("Jürgen Müller, Jr.");
        assertThat(leaf.getSubjectAlternativeNames()).extracting(san -> san.get(0), san -> san.get(1)).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "docs.example.test"),
                org.assertj.core.groups.Tuple.tuple(1, "juergen@example.test"));
        assertThat(leaf.getCriticalExtensionOIDs()).doesNotContain("2.5.29.17");
    }

    @Test
    void aCaWithALongNameGetsCommonNamesWithinSixtyFourCharacters() {
        CertificateAuthority longNamed = service.create("tenant-1", "n".repeat(100));

        for (String pem : List.of(longNamed.rootPem(), longNamed.intermediatePem())) {
            X509Certificate certificate = Pem.readCertificates(pem).get(0);
            String cn = org.bouncycastle.asn1.x500.X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded())
                    .getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.CN)[0].getFirst().getValue().toString();
            assertThat(cn).hasSizeLessThanOrEqualTo(64).endsWith(" CA");
        }
    }

    private static byte[] randomKek() {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        return kek;
    }

    /** Keeps certificate authorities in a map instead of the database. */
    private static final class InMemoryCaStore extends CaStore {

        private final Map<UUID, CertificateAuthority> rows = new ConcurrentHashMap<>();

        InMemoryCaStore() {
            super(null);
        }

        @Override
        public void insert(CertificateAuthority ca) {
            rows.put(ca.id(), ca);
        }

        @Override
        public Optional<CertificateAuthority> findById(UUID id) {
            return Optional.ofNullable(rows.get(id));
        }
    }
}
