package io.certflow.web;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.certflow.security.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The OpenAPI description of /api at /v3/api-docs, and Swagger UI at /swagger-ui.html (springdoc, see
 * application.yml). The controllers' records are the schemas; {@link OpenApiConventions} adds what every
 * operation shares (its feature's tag, HTTP Basic, the problem+json errors), so that no controller has to.
 * Neither the description nor the UI needs a login: they describe the API, hold no data, and are the same for
 * everyone; each call made from the UI is an /api call and needs HTTP Basic like any other.
 */
@Configuration
class OpenApiConfiguration {

    static final String BASIC_AUTH = "basicAuth";

    static {
        // Resolved from the request's login by CallerArgumentResolver: not a parameter a client sends.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI certflowOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Certflow API").version("1").description("""
                        Certflow's REST API: certificates, issuers and templates, DNS zones, certificate application \
                        repositories, deployment targets and deployments, renewal, notifications, hosting accounts and AutoSSL. \
                        Every call needs HTTP Basic as a Certflow user (managed in Camunda Admin) and sees only the rows of \
                        that user's tenants. Every error is application/problem+json whose detail says in words what is wrong."""))
                .components(new Components()
                        .addSecuritySchemes(BASIC_AUTH, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("A Certflow user and password (the engine's users, managed in Camunda Admin)")))
                .tags(OpenApiConventions.tags());
    }

    @Bean
    OpenApiConventions openApiConventions() {
        return new OpenApiConventions();
    }
}
