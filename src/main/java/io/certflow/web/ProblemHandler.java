package io.certflow.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.security.RoleRequiredException;

/**
 * Every error of Certflow's controllers is an application/problem+json that says in words what is
 * wrong: the field and, in a JSON body, the line and column; never a Java class or method, never SQL,
 * never the value of a secret. Checked before {@link RoutingProblemHandler}, which answers what fails
 * before a controller is chosen.
 */
@RestControllerAdvice(basePackages = "io.certflow.web")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemHandler extends ResponseEntityExceptionHandler {


    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
        problem.setProperty("errors", e.problems());
        return Problems.answer(problem);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return Problems.answer(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    /** The caller sees the tenant's rows but lacks the role; a row of a tenant they do not see is a 404 instead. */
    @ExceptionHandler(RoleRequiredException.class)
    ResponseEntity<ProblemDetail> roleRequired(RoleRequiredException e) {
        return Problems.answer(HttpStatus.FORBIDDEN, "Role required", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        return Problems.answer(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    /**
     * Two requests that created the same name at the same moment: the check for a free name passed for
     * both, the database's unique constraint stopped the second.
     */
    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> createdTwice(DuplicateKeyException e) {
        return Problems.answer(HttpStatus.CONFLICT, "Conflict",
                "Another request created the same thing (the same name, or a binding that exists once) a moment ago; read it, or"
                        + " choose another name");
    }

    @ExceptionHandler(Uploads.UploadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(Uploads.UploadTooLargeException e) {
        return Problems.answer(HttpStatus.PAYLOAD_TOO_LARGE, "Upload too large", e.getMessage());
    }

    /** Data given to a CMS operation that is not what it claims to be (not CMS, not addressed to the certificate). */
    @ExceptionHandler(io.certflow.repository.cms.CmsException.class)
    ResponseEntity<ProblemDetail> cms(io.certflow.repository.cms.CmsException e) {
        return Problems.answer(HttpStatus.BAD_REQUEST, "Invalid CMS data", e.getMessage());
    }

    /** A path or query parameter of the wrong kind: "id: 'abc' is not a valid identifier (a UUID like ...)". */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return Problems.answer(HttpStatus.BAD_REQUEST, "Invalid request",
                TypeWords.mismatch(e.getName(), e.getValue(), e.getRequiredType()));
    }

    /** Anything else is a fault of Certflow's, not of the request: an id to quote, and nothing of its message. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        return Problems.answer(Problems.internalError(e, request.getMethod(), request.getRequestURI()));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "Invalid request",
                TypeWords.mismatch(e.getPropertyName(), e.getValue(), e.getRequiredType()));
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "Malformed request body", JsonProblems.describe(e));
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<String> errors = e.getFieldErrors().stream().map(ProblemHandler::fieldError).sorted().toList();
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "Invalid request", String.join("; ", errors));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e, HttpHeaders headers,
                                                                            HttpStatusCode status, WebRequest request) {
        List<String> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> result.getMethodParameter().getParameterName() + ": " + error.getDefaultMessage()))
                .sorted().toList();
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "Invalid request", String.join("; ", errors));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Spring's defaults are kept for the 4xx they describe well; a 5xx among them is answered as an internal error. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers, HttpStatusCode status,
                                                             WebRequest request) {
        if (status.is5xxServerError()) {
            HttpServletRequest servletRequest = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
            body = servletRequest == null ? Problems.internalError(e, "?", "?")
                    : Problems.internalError(e, servletRequest.getMethod(), servletRequest.getRequestURI());
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.putAll(headers);
        if (body instanceof ProblemDetail) {
            problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return new ResponseEntity<>(body, problemHeaders, status);
    }

    /** "domains[3]: ...", "validationMethods[www.example.com]: ..."; a map key from the request shortened like a value. */
    private static String fieldError(FieldError error) {
        String field = error.getField().replaceAll("\\[([^\\]]{" + TypeWords.MAX_ECHOED_VALUE + "})[^\\]]+]", "[$1...]");
        return field + ": " + error.getDefaultMessage();
    }
}
