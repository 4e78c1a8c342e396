package io.certflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostKeyFingerprintsTest {

    /** A key made with ssh-keygen -t ed25519, and what ssh-keygen -lf printed for it. */
    static final String PUBLIC_KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIIjkHve5f2O4Omik3Oh8EeU3oEZJQ0FgYRQr1RafB7O0";
    static final String SSH_KEYGEN_SAYS = "SHA256:pJAGvfaOmBOl15Ir120tRXtFqDjKc5FRIPqS00TiddA";

    @Test
    void theFingerprintOfAKeyIsTheOneSshKeygenPrints() {
        assertThat(HostKeyFingerprints.of(Base64.getDecoder().decode(PUBLIC_KEY))).isEqualTo(SSH_KEYGEN_SAYS);
    }

    @Test
    void theFingerprintSshKeygenPrintsIsAccepted() {
        assertThat(HostKeyFingerprints.problemWith(SSH_KEYGEN_SAYS)).isNull();
        assertThat(HostKeyFingerprints.canonical(SSH_KEYGEN_SAYS)).isEqualTo(SSH_KEYGEN_SAYS);
    }

    @Test
    void theExampleInTheMessageIsItselfAFingerprint() {
        String message = HostKeyFingerprints.problemWith("nonsense");
        String example = message.substring(message.lastIndexOf("SHA256:"));

        assertThat(HostKeyFingerprints.problemWith(example)).isNull();
    }

    @Test
    void aFingerprintWithThePaddingSomeToolsAddIsAcceptedAndStoredWithoutIt() {
        assertThat(HostKeyFingerprints.problemWith(SSH_KEYGEN_SAYS + "=")).isNull();
        assertThat(HostKeyFingerprints.canonical(SSH_KEYGEN_SAYS + "=")).isEqualTo(SSH_KEYGEN_SAYS);
    }

    @Test
    void anMd5FingerprintIsRefusedSayingWhichFormToGive() {
        assertThat(HostKeyFingerprints.problemWith("MD5:60:35:87:3d:06:9e:98:87:57:f7:a2:6e:0a:ae:1e:40"))
                .startsWith("an MD5 fingerprint is not accepted").contains("ssh-keygen -lf");
        assertThat(HostKeyFingerprints.problemWith("60:35:87:3d:06:9e:98:87:57:f7:a2:6e:0a:ae:1e:40"))
                .startsWith("an MD5 fingerprint is not accepted");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no prefix | pJAGvfaOmBOl15Ir120tRXtFqDjKc5FRIPqS00TiddA",
            "a lower-case prefix | sha256:pJAGvfaOmBOl15Ir120tRXtFqDjKc5FRIPqS00TiddA",
            "one character short | SHA256:pJAGvfaOmBOl15Ir120tRXtFqDjKc5FRIPqS00Tidd",
            "one character too many | SHA256:pJAGvfaOmBOl15Ir120tRXtFqDjKc5FRIPqS00TiddAA",
            "a character base64 has not | SHA256:pJAGvfaOmBOl15Ir120tRXtFqDjKc5FRIPqS00Tid-A",
            "a space inside | SHA256:pJAGvfaOmBOl15Ir120tRXtF DjKc5FRIPqS00TiddA",
            "the whole ssh-keygen line | 256 SHA256:pJAGvfaOmBOl15Ir120tRXtFqDjKc5FRIPqS00TiddA test (ED25519)",
            "a public key instead | ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIjkHve5f2O4Omik3Oh8EeU3oEZJQ0FgYRQr1RafB7O0"})
    void somethingElseThanASha256FingerprintIsRefused(String what, String text) {
        assertThat(HostKeyFingerprints.problemWith(text)).as(what).startsWith("not a SHA256 fingerprint").contains("ssh-keygen -lf");
    }

    @Test
    void aLastCharacterThatNoDigestEncodesToIsRefusedSoThatTwoTextsNeverNameOneKey() {
        // 'B' sets one of the two bits past the 32 bytes; 'A' is the character that encodes the same digest.
        assertThat(HostKeyFingerprints.problemWith("SHA256:pJAGvfaOmBOl15Ir120tRXtFqDjKc5FRIPqS00TiddB"))
                .contains("its last character is not one base64 gives");
    }

    @Test
    void aMissingFingerprintIsRequired() {
        assertThat(HostKeyFingerprints.problemWith(null)).startsWith("required");
        assertThat(HostKeyFingerprints.problemWith("")).startsWith("required");
    }

    @Test
    void theTypeOfAKeyIsTheNameAtTheStartOfItsEncoding() {
        assertThat(HostKeyFingerprints.typeOf(Base64.getDecoder().decode(PUBLIC_KEY))).isEqualTo("ssh-ed25519");
        assertThat(HostKeyFingerprints.typeOf(new byte[] {0, 0})).isEqualTo("unknown");
        assertThat(HostKeyFingerprints.typeOf(new byte[] {0x7f, 0, 0, 0, 'x'})).isEqualTo("unknown");
    }

    @Test
    void thePinAcceptsOnlyTheKeyOfItsFingerprintAndRemembersWhatItSaw() {
        byte[] key = Base64.getDecoder().decode(PUBLIC_KEY);
        PinnedHostKey right = new PinnedHostKey(SSH_KEYGEN_SAYS);
        PinnedHostKey wrong = new PinnedHostKey("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s");

        assertThat(right.check("[127.0.0.1]:2222", key)).isEqualTo(PinnedHostKey.OK);
        assertThat(right.matched()).isTrue();
        assertThat(wrong.check("[127.0.0.1]:2222", key)).isEqualTo(PinnedHostKey.CHANGED);
        assertThat(wrong.matched()).isFalse();
        assertThat(wrong.presented()).isEqualTo(SSH_KEYGEN_SAYS);
        assertThat(wrong.presentedType()).isEqualTo("ssh-ed25519");
        assertThat(wrong.getHostKey()).isEmpty();
    }
}
