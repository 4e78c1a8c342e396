package io.certflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.certflow.crypto.KeyProtection;

class SshChecksTest {

    static final String FINGERPRINT = HostKeyFingerprintsTest.SSH_KEYGEN_SAYS;
    static final String PASSWORD = "ssh-Secret-42";

    KeyProtection protection;
    SshChecks checks;
    List<String> problems = new ArrayList<>();

    @BeforeEach
    void aKeyEncryptionKey() {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        protection = new KeyProtection(kek);
        checks = new SshChecks(protection);
    }

    static SshLoginSettings login(String privateKey, String password) {
        return new SshLoginSettings("web-1.example.test", null, "deploy", privateKey, password, FINGERPRINT);
    }

    @Test
    void anOpenSshEd25519KeyIsAcceptedAndSealedUnderItsOwnPurpose() throws Exception {
        String key = openSshEd25519();

        SshLogin login = checks.checked(login(key, null), null, problems);

        assertThat(problems).isEmpty();
        assertThat(login.port()).as("the default port").isEqualTo(22);
        assertThat(login.sealedPassword()).isNull();
        assertThat(login.sealedPrivateKey()).doesNotContain("PRIVATE KEY");
        assertThat(new String(protection.decrypt(login.sealedPrivateKey(), SshLogin.PRIVATE_KEY_PURPOSE), StandardCharsets.UTF_8))
                .isEqualTo(key);
        assertThat(login.toString()).doesNotContain(login.sealedPrivateKey());
    }

    @Test
    void pemRsaEcAndPkcs8KeysAreAccepted() throws Exception {
        for (String key : List.of(pem(keyPair("RSA", null)), pem(keyPair("EC", "secp256r1")),
                pem(new JcaPKCS8Generator(keyPair("EC", "secp384r1").getPrivate(), null).generate()))) {
            List<String> found = new ArrayList<>();
            assertThat(checks.checked(login(key, null), null, found)).as(key.lines().findFirst().orElseThrow()).isNotNull();
            assertThat(found).isEmpty();
        }
    }

    @Test
    void aPasswordIsSealedUnderItsOwnPurposeAndNoKeyIsStored() {
        SshLogin login = checks.checked(login(null, PASSWORD), null, problems);

        assertThat(problems).isEmpty();
        assertThat(login.sealedPrivateKey()).isNull();
        assertThat(login.sealedPassword()).doesNotContain(PASSWORD);
        assertThat(new String(protection.decrypt(login.sealedPassword(), SshLogin.PASSWORD_PURPOSE), StandardCharsets.UTF_8))
                .isEqualTo(PASSWORD);
    }

    @Test
    void aChangeWithoutASecretKeepsTheStoredOneAndANewSecretReplacesTheOtherKind() throws Exception {
        SshLogin withPassword = checks.checked(login(null, PASSWORD), null, problems);

        SshLogin kept = checks.checked(login(null, null), withPassword, problems);
        SshLogin switched = checks.checked(login(openSshEd25519(), null), withPassword, problems);

        assertThat(problems).isEmpty();
        assertThat(kept.sealedPassword()).isEqualTo(withPassword.sealedPassword());
        assertThat(kept.sealedPrivateKey()).isNull();
        assertThat(switched.sealedPassword()).as("a key replaces the password").isNull();
        assertThat(switched.sealedPrivateKey()).isNotNull();
    }

    @Test
    void bothSecretsAreRefusedNamingBothFields() throws Exception {
        assertThat(checks.checked(login(openSshEd25519(), PASSWORD), null, problems)).isNull();

        assertThat(problems).containsExactly("ssh.privateKey and ssh.password: give one of them, not both");
    }

    @Test
    void noSecretOnANewTargetIsRefusedNamingTheFields() {
        assertThat(checks.checked(login(null, null), null, problems)).isNull();

        assertThat(problems).singleElement().asString().startsWith("ssh.privateKey or ssh.password: required");
    }

    @Test
    void aKeyThatCannotBeReadIsRefusedWithoutQuotingIt() throws Exception {
        String rsa = pem(keyPair("RSA", null));
        String truncated = rsa.substring(0, 200) + rsa.substring(rsa.length() - 40);
        for (String key : List.of(truncated, "not a key at all", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAB3NzaC1yc2E=\n-----END OPENSSH PRIVATE KEY-----\n")) {
            List<String> found = new ArrayList<>();
            assertThat(checks.checked(login(key, null), null, found)).isNull();
            assertThat(found).singleElement().asString().startsWith("ssh.privateKey: ").contains("OpenSSH or PEM")
                    .doesNotContain(key.lines().skip(1).findFirst().orElse("not a key at all"));
        }
    }

    @Test
    void aKeyProtectedByAPassphraseIsRefusedSayingSo() throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(keyPair("EC", "secp256r1"),
                    new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new BouncyCastleProvider()).build("passphrase".toCharArray()));
        }

        assertThat(checks.checked(login(text.toString(), null), null, problems)).isNull();

        assertThat(problems).singleElement().asString().startsWith("ssh.privateKey: is protected by a passphrase");
    }

    @Test
    void aDsaKeyIsRefusedBecauseServersRefuseIt() throws Exception {
        assertThat(checks.checked(login(pem(keyPair("DSA", null)), null), null, problems)).isNull();

        assertThat(problems).singleElement().asString().startsWith("ssh.privateKey: is a DSA key");
    }

    @Test
    void aPasswordWithAControlCharacterOrTooLongIsRefusedWithoutQuotingIt() {
        checks.checked(login(null, "pass\nword"), null, problems);
        checks.checked(login(null, "p".repeat(SshChecks.MAX_PASSWORD + 1)), null, problems);
        checks.checked(login(null, ""), null, problems);

        assertThat(problems).containsExactly("ssh.password: must not contain control characters",
                "ssh.password: must be 1 to 256 characters long", "ssh.password: must be 1 to 256 characters long");
    }

    @Test
    void aBadHostPortUserOrFingerprintIsRefusedNamingEachFieldAndNothingIsSealed() {
        SshLoginSettings bad = new SshLoginSettings("-bad-", 70000, "-oProxyCommand=x", null, PASSWORD, "SHA256:short");

        assertThat(checks.checked(bad, null, problems)).isNull();

        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).startsWith("ssh.host: ");
        assertThat(problems.get(1)).startsWith("ssh.port: a number from 1 to 65535");
        assertThat(problems.get(2)).startsWith("ssh.user: ");
        assertThat(problems.get(3)).startsWith("ssh.hostKeyFingerprint: not a SHA256 fingerprint");
    }

    @Test
    void aMissingLoginIsRefused() {
        assertThat(checks.checked(null, null, problems)).isNull();

        assertThat(problems).singleElement().asString().startsWith("ssh: an SSH target names its login");
    }

    @Test
    void ownersAndTwoPartsInOneFileAreRefusedForRemoteFiles() {
        PemFiles files = new PemFiles("/etc/ssl/site.pem", null, null, "/etc/ssl/site.pem", "0644", "0600", "www-data", "ssl-cert");

        checks.checkFiles(files, problems);

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("files.owner: an SSH target cannot give files to another user");
        assertThat(problems.get(1)).startsWith("files.group: an SSH target cannot give files to another group");
        assertThat(problems.get(2)).startsWith("files.keyPath: names the same file as another part");
    }

    static String openSshEd25519() throws IOException {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        return pem(new PemObject("OPENSSH PRIVATE KEY", OpenSSHPrivateKeyUtil.encodePrivateKey(key)));
    }

    static KeyPair keyPair(String algorithm, String curve) throws Exception {
        // BouncyCastle's EC keys carry their public half, as OpenSSL's and ssh-keygen's do (the JDK's do not, and JSch needs it).
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, new BouncyCastleProvider());
        if (curve != null) {
            generator.initialize(new ECGenParameterSpec(curve));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
