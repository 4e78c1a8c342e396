package io.certflow.validation.http01;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.stereotype.Component;

import io.certflow.config.CertflowProperties;
import io.certflow.validation.ChallengeSolver;
import io.certflow.validation.DomainAuthorization;

/**
 * http-01: the answer is the stored key authorization, served by {@link Http01Responder}; with a
 * configured webroot it is also written as a file for a web server that already owns port 80.
 */
@Component
public class Http01Solver implements ChallengeSolver {

    static final String PATH_PREFIX = "/.well-known/acme-challenge/";

    private final Path webroot;

    public Http01Solver(CertflowProperties properties) {
        this.webroot = properties.validation().http01().webroot();
    }

    @Override
    public String challengeType() {
        return "http-01";
    }

    @Override
    public String present(DomainAuthorization authorization) {
        if (webroot == null) {
            return null;
        }
        try {
            Path file = tokenFile(authorization.token());
            Files.createDirectories(file.getParent());
            Files.writeString(file, authorization.keyAuthorization(), StandardCharsets.US_ASCII);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the http-01 token into the webroot " + webroot, e);
        }
    }

    /** The responder stops serving with the row's state; the webroot is a directory of this machine. */
    @Override
    public boolean cleansUpLocally() {
        return true;
    }

    @Override
    public void cleanUp(DomainAuthorization authorization) {
        if (webroot == null || authorization.token() == null) {
            return;
        }
        try {
            Files.deleteIfExists(tokenFile(authorization.token()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the http-01 token from the webroot " + webroot, e);
        }
    }

    private Path tokenFile(String token) {
        if (!Http01Responder.isToken(token)) {
            // Tokens come from the CA; one that is not base64url could walk out of the webroot.
            throw new IllegalArgumentException("Refusing a malformed http-01 token");
        }
        return webroot.resolve(PATH_PREFIX.substring(1)).resolve(token);
    }
}
