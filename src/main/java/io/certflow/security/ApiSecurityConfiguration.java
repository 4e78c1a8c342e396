package io.certflow.security;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Certflow's own API (and the actuator's metrics) require HTTP Basic against the same users as the engine. */
@Configuration
class ApiSecurityConfiguration {

    @Bean
    FilterRegistrationBean<ApiAuthenticationFilter> apiAuthentication(IdentityDirectory identities, Clock clock,
            @Value("${certflow.security.login-cache:PT30S}") Duration loginCache) {
        IdentityDirectory cached = new CachingIdentityDirectory(identities, loginCache, clock);
        FilterRegistrationBean<ApiAuthenticationFilter> registration = new FilterRegistrationBean<>(new ApiAuthenticationFilter(cached));
        registration.setName("api-authentication");
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    /** The health probes stay open (status only); the metrics need a global administrator. See README "Monitoring". */
    @Bean
    FilterRegistrationBean<ActuatorAccessFilter> actuatorAccess(IdentityDirectory identities, Clock clock,
            @Value("${certflow.security.login-cache:PT30S}") Duration loginCache) {
        FilterRegistrationBean<ActuatorAccessFilter> registration = new FilterRegistrationBean<>(
                new ActuatorAccessFilter(new CachingIdentityDirectory(identities, loginCache, clock)));
        registration.setName("actuator-access");
        registration.addUrlPatterns("/actuator/*");
        return registration;
    }
}
