package io.certflow.issuer;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.certflow.crypto.DomainNames;
import io.certflow.crypto.EmailAddresses;
import io.certflow.crypto.Pem;
import io.certflow.issuer.IssuerService.NewIssuer;
import io.certflow.issuer.acme.AcmeUrls;

/**
 * The fields of a new ACME issuer, checked before anything is fetched or stored. Each limit is the
 * size of the column the field goes into (V1__issuance_spine.sql), or less; no message repeats a
 * value, some of which are secrets.
 */
public final class AcmeIssuerFields {

    public static final int MAX_EAB_KEY_ID = 200;
    static final int MAX_EAB_HMAC_KEY = 512;
    static final int MAX_CAA_IDENTITY = 253;
    static final int MAX_TRUST_ANCHOR_CHARS = 64 * 1024;
    static final int MAX_TRUST_ANCHORS = 10;

    /**
     * What means something in a mailto: URI (acme4j turns the address into one), beyond what an
     * address already may not hold: no second address or header can be smuggled in.
     */
    private static final Pattern MAILTO_SYNTAX = Pattern.compile("[%?]");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]+");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");

    private AcmeIssuerFields() {
    }

    static List<String> problems(NewIssuer command, boolean allowHttp) {
        List<String> problems = new ArrayList<>();
        String urlProblem = AcmeUrls.problemWith(command.directoryUrl(), allowHttp);
        if (urlProblem != null) {
            problems.add("directoryUrl: " + urlProblem);
        }
        String email = command.contactEmail();
        if (email != null && email.length() > EmailAddresses.MAX_LENGTH) {
            problems.add("contactEmail: at most " + EmailAddresses.MAX_LENGTH + " characters");
        } else if (email != null && (EmailAddresses.problemWith(email) != null || MAILTO_SYNTAX.matcher(email).find())) {
            problems.add("contactEmail: one email address such as pki@example.com (no mailto:, no second address)");
        }
        String caa = command.caaIdentity();
        if (caa != null && caa.length() > MAX_CAA_IDENTITY) {
            problems.add("caaIdentity: at most " + MAX_CAA_IDENTITY + " characters");
        } else if (caa != null && DomainNames.problemWith(caa) != null) {
            problems.add("caaIdentity: the CA's domain as CAA records name it, e.g. letsencrypt.org: " + DomainNames.problemWith(caa));
        }
        if (command.termsOfServiceAgreed() == null) {
            problems.add("termsOfServiceAgreed: say true to agree to the CA's terms of service (false creates the issuer, but no order is placed until they are accepted)");
        }
        trustAnchorProblem(command.trustAnchorPem()).ifPresent(problems::add);
        problems.addAll(eabProblems(command.eabKeyId(), command.eabHmacKey()));
        return problems;
    }

    private static Optional<String> trustAnchorProblem(String pem) {
        if (pem == null || pem.isBlank()) {
            return Optional.empty();
        }
        if (pem.length() > MAX_TRUST_ANCHOR_CHARS) {
            return Optional.of("trustAnchorPem: at most " + MAX_TRUST_ANCHOR_CHARS + " characters");
        }
        try {
            List<X509Certificate> anchors = Pem.readCertificates(pem);
            if (anchors.size() > MAX_TRUST_ANCHORS) {
                return Optional.of("trustAnchorPem: at most " + MAX_TRUST_ANCHORS + " certificates");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("trustAnchorPem: " + e.getMessage());
        }
    }

    private static List<String> eabProblems(String givenKeyId, String givenHmacKey) {
        // Blank is absent, as when the issuer is stored.
        String keyId = givenKeyId == null || givenKeyId.isBlank() ? null : givenKeyId;
        String hmacKey = givenHmacKey == null || givenHmacKey.isBlank() ? null : givenHmacKey;
        if (keyId == null && hmacKey == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        if (keyId == null || hmacKey == null) {
            problems.add("externalAccountBinding: needs both keyId and hmacKey");
        }
        if (keyId != null && keyId.length() > MAX_EAB_KEY_ID) {
            problems.add("externalAccountBinding.keyId: at most " + MAX_EAB_KEY_ID + " characters");
        } else if (keyId != null && !PRINTABLE.matcher(keyId).matches()) {
            problems.add("externalAccountBinding.keyId: the key identifier the CA gave, in printable ASCII without spaces");
        }
        if (hmacKey != null && hmacKey.length() > MAX_EAB_HMAC_KEY) {
            problems.add("externalAccountBinding.hmacKey: at most " + MAX_EAB_HMAC_KEY + " characters");
        } else if (hmacKey != null && !isBase64Url(hmacKey)) {
            problems.add("externalAccountBinding.hmacKey: the HMAC key as the CA gave it, in base64url (letters, digits, '-' and '_')");
        }
        return problems;
    }

    /** As acme4j will decode it when the account is registered. */
    private static boolean isBase64Url(String text) {
        if (!BASE64URL.matcher(text).matches()) {
            return false;
        }
        try {
            return Base64.getUrlDecoder().decode(text).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A private CA has no directory, account or EAB: such a field means the request was meant for another issuer. */
    static List<String> givenForAPrivateCa(NewIssuer command) {
        Map<String, Object> acmeOnly = new LinkedHashMap<>();
        acmeOnly.put("directoryUrl", command.directoryUrl());
        acmeOnly.put("contactEmail", command.contactEmail());
        acmeOnly.put("termsOfServiceAgreed", command.termsOfServiceAgreed());
        acmeOnly.put("trustAnchorPem", command.trustAnchorPem());
        acmeOnly.put("externalAccountBinding", command.eabKeyId() != null || command.eabHmacKey() != null ? true : null);
        acmeOnly.put("caaIdentity", command.caaIdentity());
        return acmeOnly.entrySet().stream().filter(field -> field.getValue() != null)
                .map(field -> field.getKey() + ": only an ACME issuer has it; a PRIVATE_CA issuer is created with name and type")
                .toList();
    }
}
