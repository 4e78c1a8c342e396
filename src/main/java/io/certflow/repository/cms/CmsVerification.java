package io.certflow.repository.cms;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * The outcome of {@link CmsOperations#verify}.
 *
 * @param valid       every signature verifies, and every signer's certificate chains to a trusted certificate
 * @param signer      the (first) signer's certificate, when the SignedData carries it; else null
 * @param content     the signed content: the encapsulated one, or the detached one that was given
 * @param signingTime the signing-time attribute of the (first) signer, when present; a claim of the signer, not proof
 * @param reason      why the signature is not valid, one sentence; null when valid
 */
public record CmsVerification(boolean valid, X509Certificate signer, byte[] content, Instant signingTime, String reason) {

    @Override
    public String toString() {
        return "CmsVerification[valid=" + valid
                + ", signer=" + (signer == null ? null : signer.getSubjectX500Principal().getName())
                + ", content=" + (content == null ? null : content.length + " bytes")
                + ", signingTime=" + signingTime
                + ", reason=" + reason + "]";
    }
}
