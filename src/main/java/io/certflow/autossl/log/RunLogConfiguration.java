package io.certflow.autossl.log;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.certflow.config.CertflowProperties;

/** The run logs' settings, and the schedule their clean-up runs on ({@link RunLogCleanup}). */
@Configuration
@EnableScheduling
class RunLogConfiguration {

    /** Beside the H2 database and the other files Certflow keeps, unless configured elsewhere. */
    @Bean
    RunLogSettings runLogSettings(CertflowProperties properties, @Value("${certflow.autossl.log-directory:}") String directory,
                                  @Value("${certflow.autossl.log-retention:P30D}") Duration retention) {
        Path path = directory == null || directory.isBlank() ? properties.dataDir().resolve("autossl-logs") : Path.of(directory);
        return new RunLogSettings(path, retention);
    }
}
