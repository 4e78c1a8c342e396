package io.certflow.repository.cms;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Reads CMS input, DER or PEM, into a ContentInfo of the expected type, or says in one sentence why it is not one. */
final class CmsInput {

    /** The PEM labels under which CMS structures are written: openssl cms, openssl smime / pkcs7, RFC 7468. */
    private static final Set<String> PEM_TYPES = Set.of("CMS", "PKCS7", "PKCS #7 SIGNED DATA", "PKCS #7 ENVELOPED DATA");

    private static final Map<ASN1ObjectIdentifier, String> CONTENT_TYPES = Map.of(
            CMSObjectIdentifiers.data, "Data",
            CMSObjectIdentifiers.signedData, "SignedData",
            CMSObjectIdentifiers.envelopedData, "EnvelopedData",
            CMSObjectIdentifiers.authEnvelopedData, "AuthEnvelopedData",
            CMSObjectIdentifiers.digestedData, "DigestedData",
            CMSObjectIdentifiers.encryptedData, "EncryptedData",
            CMSObjectIdentifiers.authenticatedData, "AuthenticatedData",
            CMSObjectIdentifiers.compressedData, "CompressedData");

    private CmsInput() {
    }

    /** Reads DER or PEM into a ContentInfo of the expected type, or says in one sentence why it is not one. */
    static ContentInfo contentInfo(byte[] input, ASN1ObjectIdentifier expected) {
        String name = CONTENT_TYPES.get(expected);
        String notA = "not a CMS " + name + " structure: ";
        if (input == null || input.length == 0) {
            throw new CmsException(notA + "the input is empty");
        }
        byte[] der = isPem(input) ? pemToDer(input, notA) : input;
        ASN1Primitive asn1;
        try {
            asn1 = ASN1Primitive.fromByteArray(der);
        } catch (IOException | RuntimeException e) {
            throw new CmsException(notA + "the input is neither DER-encoded CMS nor PEM (\"-----BEGIN CMS-----\")", e);
        }
        ContentInfo contentInfo;
        try {
            contentInfo = ContentInfo.getInstance(asn1);
        } catch (RuntimeException e) {
            throw new CmsException(notA + "the input is ASN.1, but not a CMS ContentInfo", e);
        }
        if (contentInfo == null || contentInfo.getContentType() == null) {
            throw new CmsException(notA + "the input is ASN.1, but not a CMS ContentInfo");
        }
        if (!expected.equals(contentInfo.getContentType())) {
            String actual = CONTENT_TYPES.get(contentInfo.getContentType());
            throw new CmsException(notA + (actual != null ? "it is a CMS " + actual
                    : "its content type is " + contentInfo.getContentType().getId()));
        }
        if (contentInfo.getContent() == null) {
            throw new CmsException(notA + "the ContentInfo has no content");
        }
        return contentInfo;
    }

    private static boolean isPem(byte[] input) {
        int i = 0;
        if (input.length >= 3 && (input[0] & 0xff) == 0xEF && (input[1] & 0xff) == 0xBB && (input[2] & 0xff) == 0xBF) {
            i = 3; // UTF-8 byte order mark
        }
        while (i < input.length && Character.isWhitespace(input[i])) {
            i++;
        }
        byte[] begin = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
        return input.length - i >= begin.length && Arrays.equals(input, i, i + begin.length, begin, 0, begin.length);
    }

    private static byte[] pemToDer(byte[] input, String notA) {
        try (PemReader reader = new PemReader(new StringReader(new String(input, StandardCharsets.US_ASCII)))) {
            PemObject object = reader.readPemObject();
            if (object == null) {
                throw new CmsException(notA + "the PEM text has no complete \"-----BEGIN ...-----\" / \"-----END ...-----\" block");
            }
            if (!PEM_TYPES.contains(object.getType())) {
                throw new CmsException(notA + "the PEM block is a \"" + object.getType()
                        + "\", expected \"-----BEGIN CMS-----\" or \"-----BEGIN PKCS7-----\"");
            }
            return object.getContent();
        } catch (IOException | RuntimeException e) {
            if (e instanceof CmsException cms) {
                throw cms;
            }
            throw new CmsException(notA + "the PEM text is malformed: a BEGIN line without its END line,"
                    + " or a body that is not base64", e);
        }
    }
}
