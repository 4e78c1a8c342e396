package io.certflow.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Requests that fail before any controller is chosen (an unknown path, a wrong content type or
 * method, an Accept header that admits nothing the call answers with, a multipart body that cannot
 * be read) never reach {@link ProblemHandler}, which is limited to Certflow's controllers. This advice
 * is not limited, and answers them as application/problem+json too. Each answer is written here,
 * not left to the container's error page: a multipart request that failed would be parsed, and fail,
 * again on its way to that page, which then stays empty.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class RoutingProblemHandler {

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> contentType(HttpMediaTypeNotSupportedException e) {
        return Problems.answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type",
                "Content-Type '" + e.getContentType() + "' is not accepted here; send " + e.getSupportedMediaTypes());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return Problems.answer(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
                "Method " + e.getMethod() + " is not allowed here; use " + e.getSupportedHttpMethods());
    }

    /**
     * Raised when the call is chosen, so before it runs: a call refused for its Accept header has
     * stored and started nothing. The problem itself is JSON all the same; it is the only form it has.
     */
    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return Problems.answer(HttpStatus.NOT_ACCEPTABLE, "Not acceptable",
                "The Accept header admits nothing this call answers with; it answers with " + e.getSupportedMediaTypes()
                        + " (errors with application/problem+json). Nothing was done.");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noEndpoint(NoResourceFoundException e) {
        return Problems.answer(HttpStatus.NOT_FOUND, "Not found", "There is no " + e.getHttpMethod() + " /" + e.getResourcePath()
                + "; the API's calls are listed in the README");
    }

    /** Larger than the container's multipart limit; smaller uploads over the limit are refused by {@link Uploads}. */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> uploadTooLarge(MaxUploadSizeExceededException e) {
        return Problems.answer(HttpStatus.PAYLOAD_TOO_LARGE, "Upload too large",
                "file: the upload is larger than the " + Uploads.MAX_BYTES_IN_WORDS + " accepted");
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e) {
        return Problems.answer(HttpStatus.BAD_REQUEST, "Malformed request body",
                "the multipart/form-data body cannot be read: it needs a boundary in its Content-Type, parts that each start"
                        + " with that boundary and their headers, and a closing boundary; the fields are file, password,"
                        + " format, acceptOutsideValidity, repository and tenant");
    }
}
