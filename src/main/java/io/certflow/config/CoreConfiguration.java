package io.certflow.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.certflow.certificate.KeyProtection;
import io.certflow.certificate.Pem;
import io.certflow.certificate.upload.UploadParser;

@Configuration
public class CoreConfiguration {

    /** Roots an uploaded chain may end at without including them (certflow.upload.trust-store, a PEM file). */
    @Bean
    UploadParser uploadParser(CertflowProperties properties) {
        Path trustStore = properties.upload().trustStore();
        if (trustStore == null) {
            return new UploadParser(List.of());
        }
        try {
            return new UploadParser(Pem.readCertificates(Files.readString(trustStore)));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read certflow.upload.trust-store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The key-encryption key comes from configuration (CERTFLOW_KEK) in production; the embedded
     * default generates one into the data directory, readable by the owner only.
     */
    @Bean
    KeyProtection keyProtection(CertflowProperties properties) {
        String kek = properties.kek();
        if (kek == null || kek.isBlank()) {
            Path file = properties.dataDir().resolve("kek");
            kek = OwnerOnlyFiles.readOrCreate(file, () -> {
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                return Base64.getEncoder().encodeToString(bytes);
            });
        }
        try {
            return new KeyProtection(Base64.getDecoder().decode(kek.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("certflow.kek (CERTFLOW_KEK) must be the base64 of 32 random bytes: " + e.getMessage());
        }
    }
}
