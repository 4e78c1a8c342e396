package io.certflow.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Arrays;
import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Spring Security's firewall for the console's requests only. Its filter sees every request, and its
 * strict firewall would otherwise refuse some URLs of /api, /engine-rest and the Camunda webapps (an
 * encoded slash, a semicolon) with its own answer before their handlers saw them; they keep theirs.
 * A request counts as the console's when its URI or the path the container resolved it to (after
 * decoding and removing dot segments) is one of the console's, so that no crafted URI reaches a
 * console page past the firewall.
 */
class ConsoleFirewall implements HttpFirewall {

    private final RequestMatcher console;
    private final List<PathPattern> consolePaths;
    private final HttpFirewall strict;

    ConsoleFirewall(RequestMatcher console, String[] consolePaths, HttpFirewall strict) {
        this.console = console;
        this.consolePaths = Arrays.stream(consolePaths).map(PathPatternParser.defaultInstance::parse).toList();
        this.strict = strict;
    }

    private boolean isConsole(HttpServletRequest request) {
        String resolved = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        PathContainer path = PathContainer.parsePath(resolved.isEmpty() ? "/" : resolved);
        return console.matches(request) || consolePaths.stream().anyMatch(pattern -> pattern.matches(path));
    }

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        if (isConsole(request)) {
            return strict.getFirewalledRequest(request);
        }
        return new FirewalledRequest(request) {
            @Override
            public void reset() {
            }
        };
    }

    @Override
    public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return response;
    }
}
