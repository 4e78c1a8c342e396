package io.certflow.repository.cms;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.cms.PKIXRecipientId;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.SignerId;

/** How the CMS classes name certificates, signers and recipients in their messages. */
final class CmsText {

    private CmsText() {
    }

    static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    static String hex(BigInteger serial) {
        return "0x" + serial.toString(16).toUpperCase();
    }

    static String describe(RecipientId rid) {
        return rid instanceof PKIXRecipientId pkix
                ? describe(pkix.getIssuer() == null ? null : pkix.getIssuer().toString(), pkix.getSerialNumber(),
                        pkix.getSubjectKeyIdentifier())
                : "a recipient of another kind (type " + rid.getType() + ")";
    }

    static String describe(SignerId sid) {
        return describe(sid.getIssuer() == null ? null : sid.getIssuer().toString(), sid.getSerialNumber(),
                sid.getSubjectKeyIdentifier());
    }

    static String describe(String issuer, BigInteger serial, byte[] subjectKeyIdentifier) {
        List<String> parts = new ArrayList<>();
        if (serial != null) {
            parts.add("serial " + hex(serial) + ", issuer " + issuer);
        }
        if (subjectKeyIdentifier != null) {
            parts.add("subject key identifier " + HexFormat.of().withUpperCase().formatHex(subjectKeyIdentifier));
        }
        return parts.isEmpty() ? "an unidentified certificate" : String.join(", ", parts);
    }
}
