package io.certflow.security;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the logged-in user's {@link Caller} on the request, as the API's filter does, read afresh on each
 * request: a user locked or deleted since the login is logged out, and a removed tenant membership takes
 * effect at once, not when the session ends.
 */
class ConsoleCallerFilter extends OncePerRequestFilter {

    private final IdentityDirectory identities;

    ConsoleCallerFilter(IdentityDirectory identities) {
        this.identities = identities;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication login = SecurityContextHolder.getContext().getAuthentication();
        if (login instanceof UsernamePasswordAuthenticationToken && login.isAuthenticated()) {
            Optional<Caller> caller = identities.current(login.getName());
            if (caller.isEmpty()) {
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                response.sendRedirect(request.getContextPath() + "/login?locked");
                return;
            }
            request.setAttribute(ApiAuthenticationFilter.CALLER_ATTRIBUTE, caller.get());
        }
        chain.doFilter(request, response);
    }
}
