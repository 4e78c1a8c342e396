package io.certflow.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.ModelAndView;

/**
 * The servlet container's error page (/error) for what fails outside a controller: a filter that
 * throws, a status sent with sendError. For /api it answers application/problem+json in words, with an
 * errorId for a 5xx, whatever the Accept header; elsewhere (the Camunda webapps) Spring Boot's page.
 */
class ApiErrorController extends BasicErrorController {

    private final ErrorAttributes errorAttributes;

    ApiErrorController(ErrorAttributes errorAttributes, ErrorProperties errorProperties, List<ErrorViewResolver> errorViewResolvers) {
        super(errorAttributes, errorProperties, errorViewResolvers);
        this.errorAttributes = errorAttributes;
    }

    @Override
    public ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
        if (!isApi(request)) {
            return super.errorHtml(request, response);
        }
        ProblemDetail problem = problem(request);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        try {
            response.getWriter().write(Problems.json(problem));
        } catch (IOException clientGone) {
            // Nothing to answer to.
        }
        return null;
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        if (!isApi(request)) {
            return super.error(request);
        }
        ProblemDetail problem = problem(request);
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(Problems.members(problem));
    }

    private ProblemDetail problem(HttpServletRequest request) {
        int status = getStatus(request).value();
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        ProblemDetail problem = status >= 500
                ? Problems.internalError(errorAttributes.getError(new ServletWebRequest(request)), request.getMethod(), path)
                : Problems.problem(HttpStatusCode.valueOf(status), Problems.title(status), Problems.detail(status));
        problem.setInstance(URI.create(path.replaceAll("[^A-Za-z0-9/._~-]", "_")));
        return problem;
    }

    private static boolean isApi(HttpServletRequest request) {
        String api = request.getContextPath() + "/api";
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri != null && (uri.toString().equals(api) || uri.toString().startsWith(api + "/"));
    }
}
