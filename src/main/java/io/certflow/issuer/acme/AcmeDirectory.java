package io.certflow.issuer.acme;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.certflow.crypto.DomainNames;

/**
 * What Certflow keeps from a CA's directory (RFC 8555 §7.1.1) when an issuer is created.
 *
 * @param termsOfService          the terms URL the CA asks users to agree to, or null
 * @param caaIdentity             the first of the CA's CAA identities that is a valid domain name, or null
 * @param externalAccountRequired whether the CA registers accounts only with External Account Binding
 * @param profiles                the names of the certificate profiles the CA offers (meta.profiles,
 *                                draft-ietf-acme-profiles), in the CA's order; empty when it offers none
 */
public record AcmeDirectory(String termsOfService, String caaIdentity, boolean externalAccountRequired, List<String> profiles) {

    /** What Certflow accepts as a profile name, in a template and from a CA; every profile in use is a short word. */
    public static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public AcmeDirectory {
        profiles = List.copyOf(profiles);
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> REQUIRED_RESOURCES = List.of("newNonce", "newAccount", "newOrder");

    /** Why a body is not a usable directory. The words never quote the body: the URL is a user's choice. */
    static final class NotADirectory extends Exception {

        private final boolean aboutTheShape;

        private NotADirectory(String reason, boolean aboutTheShape) {
            super(reason, null, false, false);
            this.aboutTheShape = aboutTheShape;
        }

        /** The body is not a directory at all: {@code reason} completes "HTTP 200, application/json, but ...". */
        static NotADirectory because(String reason) {
            return new NotADirectory(reason, true);
        }

        /** A directory, but one Certflow cannot keep; {@code message} stands alone. */
        static NotADirectory unusable(String message) {
            return new NotADirectory(message, false);
        }

        boolean aboutTheShape() {
            return aboutTheShape;
        }
    }

    /**
     * Reads a directory: a JSON object whose newNonce, newAccount and newOrder are absolute https URLs
     * (http ones only when {@code allowHttp}); "{}" or any other JSON is not one.
     */
    static AcmeDirectory parse(byte[] body, boolean allowHttp) throws NotADirectory {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw NotADirectory.because("not valid JSON");
        }
        if (root == null || root.isMissingNode()) {
            throw NotADirectory.because("not valid JSON");
        }
        if (!root.isObject()) {
            throw NotADirectory.because("not a JSON object");
        }
        for (String resource : REQUIRED_RESOURCES) {
            JsonNode url = root.get(resource);
            if (url == null || !url.isTextual() || AcmeUrls.problemWith(url.asText(), allowHttp) != null) {
                throw NotADirectory.because("no newNonce, newAccount and newOrder URLs");
            }
        }
        JsonNode meta = root.path("meta");
        JsonNode terms = meta.path("termsOfService");
        if (!terms.isMissingNode() && !terms.isNull() && (!terms.isTextual() || !AcmeUrls.isTermsUrl(terms.asText()))) {
            throw NotADirectory.unusable("the directory's meta.termsOfService is not an https, http or data URL of at most " + AcmeUrls.MAX_LENGTH + " characters");
        }
        return new AcmeDirectory(terms.isTextual() ? terms.asText() : null, firstCaaIdentity(meta.path("caaIdentities")).orElse(null),
                meta.path("externalAccountRequired").asBoolean(false), profiles(meta.path("profiles")));
    }

    /** meta.profiles maps each name to a description; a name Certflow could not store in a template is skipped. */
    private static List<String> profiles(JsonNode profiles) {
        if (!profiles.isObject()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        profiles.fieldNames().forEachRemaining(name -> {
            if (PROFILE_NAME.matcher(name).matches()) {
                names.add(name);
            }
        });
        return names;
    }

    /** A CA may list several; an entry that is not a domain name is skipped rather than stored. */
    private static Optional<String> firstCaaIdentity(JsonNode identities) {
        if (!identities.isArray()) {
            return Optional.empty();
        }
        return StreamSupport.stream(identities.spliterator(), false)
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText)
                .filter(name -> name.length() <= 253 && DomainNames.problemWith(name) == null && !name.startsWith("*."))
                .map(DomainNames::canonical)
                .findFirst();
    }
}
