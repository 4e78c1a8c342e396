package io.certflow.certificate.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.certflow.config.CertflowProperties;
import io.certflow.crypto.Pem;

@Configuration
class UploadConfiguration {

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
}
