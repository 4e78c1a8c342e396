package io.certflow.security;

import java.util.Arrays;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The web console's login: a form at /login with a session and CSRF protection, against the same
 * users as the API. Spring Security guards only the console's paths: /api keeps its HTTP Basic filter
 * without sessions ({@link ApiSecurityConfiguration}), /engine-rest and the Camunda webapps keep their
 * own authentication, and requests to them pass Spring Security untouched (see {@link ConsoleFirewall}).
 */
@Configuration
class ConsoleSecurityConfiguration {

    /** Where the console lives; the page controllers are in io.certflow.web.console, the styles under /console/. */
    static final String[] CONSOLE_PATHS = {"/", "/login", "/logout", "/certificates", "/certificates/**", "/renewal",
            "/renewal/**", "/autossl", "/autossl/**", "/repositories", "/repositories/**", "/deployment-targets",
            "/deployment-targets/**", "/console/**"};

    static RequestMatcher consolePaths() {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(Arrays.stream(CONSOLE_PATHS).map(path -> (RequestMatcher) paths.matcher(path)).toList());
    }

    @Bean
    @Order(100)
    SecurityFilterChain consoleSecurity(HttpSecurity http, IdentityDirectory identities) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return http.securityMatcher(consolePaths())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(paths.matcher("/login"), paths.matcher("/console/**")).permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).failureUrl("/login?error"))
                .logout(logout -> logout.logoutRequestMatcher(paths.matcher(org.springframework.http.HttpMethod.POST, "/logout"))
                        .logoutSuccessUrl("/login?logout"))
                .addFilterBefore(new ConsoleCallerFilter(identities), AuthorizationFilter.class)
                .build();
    }

    /** Checks the password with the engine (a wrong one counts towards the engine's lock, as everywhere else). */
    @Bean
    ConsoleAuthenticationProvider consoleAuthentication(IdentityDirectory identities) {
        return new ConsoleAuthenticationProvider(identities);
    }

    @Bean
    WebSecurityCustomizer consoleFirewall() {
        return web -> web.httpFirewall(new ConsoleFirewall(consolePaths(), CONSOLE_PATHS, new StrictHttpFirewall()));
    }
}
