package io.certflow.config;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.certflow.crypto.KeyProtection;

@Configuration
public class CoreConfiguration {

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
