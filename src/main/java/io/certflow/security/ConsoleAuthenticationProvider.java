package io.certflow.security;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * The console's form login against the engine's users. The session keeps only the user id: which
 * tenants they see is asked again on every request ({@link ConsoleCallerFilter}).
 */
class ConsoleAuthenticationProvider implements AuthenticationProvider {

    private final IdentityDirectory identities;

    ConsoleAuthenticationProvider(IdentityDirectory identities) {
        this.identities = identities;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String user = authentication.getName();
        Object password = authentication.getCredentials();
        if (user == null || user.isBlank() || !(password instanceof String text)) {
            throw new BadCredentialsException("Wrong user name or password");
        }
        Caller caller = identities.authenticate(user, text)
                .orElseThrow(() -> new BadCredentialsException("Wrong user name or password"));
        return UsernamePasswordAuthenticationToken.authenticated(caller.userId(), null, List.of());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
