package io.certflow;

import javax.xml.datatype.DatatypeFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CertflowApplication {

    public static void main(String[] args) {
        // The engine builds a DatatypeFactory for every job it creates (to read its retry cycle). Unless
        // this property names the implementation, each build searches every jar for a service file,
        // which cost a few percent of Certflow's CPU in the issuance benchmark.
        if (System.getProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY) == null) {
            System.setProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY, DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS);
        }
        SpringApplication.run(CertflowApplication.class, args);
    }
}
