package io.certflow.issuer.acme;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Which URLs Certflow talks ACME to: absolute https URLs with a host (RFC 8555 §6.1), and nothing a
 * user could hide in them (credentials, a fragment). http only where the operator allows it, for
 * local test CAs.
 */
public final class AcmeUrls {

    /** The size of the columns that hold a directory or terms URL. */
    public static final int MAX_LENGTH = 500;

    private static final Set<String> TERMS_SCHEMES = Set.of("https", "http", "data");

    private AcmeUrls() {
    }

    /** What is wrong with {@code text} as an ACME URL, in words that never repeat it; null when nothing. */
    public static String problemWith(String text, boolean allowHttp) {
        if (text == null || text.isBlank()) {
            return "the URL of the CA's ACME directory is required";
        }
        if (text.length() > MAX_LENGTH) {
            return "at most " + MAX_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return "not a URL (spaces and other characters that URLs must escape are not allowed)";
        }
        if (!uri.isAbsolute()) {
            return "must be an absolute https URL such as https://acme.example/directory";
        }
        boolean http = "http".equalsIgnoreCase(uri.getScheme());
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !(http && allowHttp)) {
            return "must be an https URL (RFC 8555 §6.1)"
                    + (http ? "; http is accepted only where certflow.acme.allow-http-directories is set, for local test CAs" : "");
        }
        if (uri.getHost() == null) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry a user name or password";
        }
        if (uri.getRawFragment() != null) {
            return "must not have a fragment";
        }
        return null;
    }

    /**
     * True for a terms-of-service URL as CAs give them: an absolute https, http or data URL (Pebble's
     * terms are a data: URL) of at most {@link #MAX_LENGTH} characters. It is stored and shown to the
     * person who accepts the terms, never fetched.
     */
    public static boolean isTermsUrl(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            return false;
        }
        try {
            String scheme = new URI(text).getScheme();
            return scheme != null && TERMS_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
