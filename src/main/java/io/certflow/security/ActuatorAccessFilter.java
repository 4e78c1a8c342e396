package io.certflow.security;

import java.io.IOException;
import java.security.Principal;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may read /actuator/*. The health probes answer everyone (an orchestrator's probe has no password), with the status
 * only; a global administrator who logs in with HTTP Basic gets the details as well. Every other endpoint (the metrics)
 * needs a global administrator: the metrics count every tenant's certificates.
 *
 * <p>The actuator knows no Spring Security here: it asks the request for its principal and roles
 * ({@code management.endpoint.health.roles}), so an administrator's request is handed on with both.
 */
public class ActuatorAccessFilter extends OncePerRequestFilter {

    private final IdentityDirectory identities;

    public ActuatorAccessFilter(IdentityDirectory identities) {
        this.identities = identities;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<Caller> caller = ApiAuthenticationFilter.credentials(request.getHeader(HttpHeaders.AUTHORIZATION))
                .flatMap(pair -> identities.authenticate(pair[0], pair[1]));
        if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
            chain.doFilter(caller.filter(Caller::administrator).<HttpServletRequest>map(admin -> new AdministratorRequest(request, admin))
                    .orElse(request), response);
            return;
        }
        if (caller.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Certflow\", charset=\"UTF-8\"");
            problem(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    "Log in with HTTP Basic as a global administrator (group " + Roles.GLOBAL_ADMINISTRATORS + ") to read the metrics");
            return;
        }
        if (!caller.get().administrator()) {
            problem(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", "User '" + caller.get().userId()
                    + "' may not read the metrics: only global administrators (group " + Roles.GLOBAL_ADMINISTRATORS
                    + ") may, because they count every tenant's certificates");
            return;
        }
        chain.doFilter(new AdministratorRequest(request, caller.get()), response);
    }

    private static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }

    /** The request of a global administrator, as the actuator asks for it. */
    private static final class AdministratorRequest extends HttpServletRequestWrapper {

        private final Caller caller;

        AdministratorRequest(HttpServletRequest request, Caller caller) {
            super(request);
            this.caller = caller;
        }

        @Override
        public Principal getUserPrincipal() {
            return caller::userId;
        }

        @Override
        public String getRemoteUser() {
            return caller.userId();
        }

        @Override
        public boolean isUserInRole(String role) {
            return Roles.GLOBAL_ADMINISTRATORS.equals(role);
        }
    }
}
