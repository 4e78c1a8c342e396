package io.certflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CertflowApplication {

    public static void main(String[] args) {
        SpringApplication.run(CertflowApplication.class, args);
    }
}
