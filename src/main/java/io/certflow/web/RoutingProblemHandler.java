package io.certflow.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Requests that match no handler (an unknown path, a wrong content type or method) fail before any controller is
 * chosen, so {@link ProblemHandler}, which is limited to Certflow's controllers, never sees them.
 * This advice is not limited, and answers them as application/problem+json too.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class RoutingProblemHandler {

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> contentType(HttpMediaTypeNotSupportedException e) {
        return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type",
                "Content-Type '" + e.getContentType() + "' is not accepted here; send " + e.getSupportedMediaTypes());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return answer(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
                "Method " + e.getMethod() + " is not allowed here; use " + e.getSupportedHttpMethods());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noEndpoint(NoResourceFoundException e) {
        return answer(HttpStatus.NOT_FOUND, "Not found", "There is no " + e.getHttpMethod() + " /" + e.getResourcePath()
                + "; the API's calls are listed in the README");
    }

    private static ResponseEntity<ProblemDetail> answer(HttpStatus status, String title, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemHandler.problem(status, title, detail));
    }
}
