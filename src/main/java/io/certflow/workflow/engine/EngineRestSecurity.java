package io.certflow.workflow.engine;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.certflow.security.ApiAuthenticationFilter;
import io.certflow.security.CachingIdentityDirectory;
import io.certflow.security.IdentityDirectory;

/** Nothing is reachable without a login: /engine-rest and /api both require HTTP Basic. */
@Configuration
public class EngineRestSecurity {

    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setName("engine-rest-authentication");
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiAuthenticationFilter> apiAuthentication(IdentityDirectory identities, Clock clock,
            @Value("${certflow.security.login-cache:PT30S}") Duration loginCache) {
        IdentityDirectory cached = new CachingIdentityDirectory(identities, loginCache, clock);
        FilterRegistrationBean<ApiAuthenticationFilter> registration = new FilterRegistrationBean<>(new ApiAuthenticationFilter(cached));
        registration.setName("api-authentication");
        registration.addUrlPatterns("/api/*");
        return registration;
    }
}
