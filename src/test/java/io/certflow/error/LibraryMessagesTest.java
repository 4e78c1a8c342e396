package io.certflow.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.security.cert.CertificateException;

import org.junit.jupiter.api.Test;

class LibraryMessagesTest {

    @Test
    void aLibrarysOwnWordsAboutTheDataArePassedOn() {
        assertThat(LibraryMessages.of(new IOException("DER length more than 4 bytes: 33"))).isEqualTo("DER length more than 4 bytes: 33");
    }

    @Test
    void aMessageNamingAJavaClassBecomesPlainWords() {
        String said = LibraryMessages.of(new CertificateException("Could not parse certificate: java.io.IOException: Empty input"));

        assertThat(said).doesNotContain("java").doesNotContain("Exception").isEqualTo("its structure is not what it should be");
    }

    @Test
    void aHelpfulNullPointerMessageNamesNoMethodOfTheLibrary() {
        NullPointerException npe = new NullPointerException(
                "Cannot invoke \"org.bouncycastle.asn1.ASN1Primitive.getEncoded()\" because \"x\" is null");

        assertThat(LibraryMessages.of(npe)).doesNotContain("bouncycastle").doesNotContain("getEncoded");
    }

    @Test
    void anExceptionWithoutAMessageIsNotNamedByItsClass() {
        assertThat(LibraryMessages.of(new IllegalStateException())).doesNotContain("IllegalState");
    }

    @Test
    void onlyTheFirstLineIsKeptAndItIsBounded() {
        String said = LibraryMessages.of(new IOException("x".repeat(500) + "\nsecond line"));

        assertThat(said).hasSize(LibraryMessages.MAX_LENGTH).doesNotContain("second line");
    }
}
