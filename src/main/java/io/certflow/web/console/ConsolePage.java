package io.certflow.web.console;

import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.error.NotFoundException;
import io.certflow.security.Caller;
import io.certflow.security.RoleRequiredException;
import io.certflow.web.TypeWords;

/**
 * What every console page has: the logged-in user for the layout, and errors as pages in words (the
 * API's problem+json handler would answer them otherwise). A controller's own handlers come before any
 * advice, so these hold for the console whatever order the advices have.
 */
abstract class ConsolePage {

    @ModelAttribute
    void layout(Caller caller, Model model) {
        model.addAttribute("caller", caller);
        model.addAttribute("sections", ConsoleSections.ALL);
    }

    /** Another tenant's object is the same "not found" as a missing one; so is an id that is no id. */
    @ExceptionHandler({NotFoundException.class, MethodArgumentTypeMismatchException.class})
    String notFound(Exception e, Model model, HttpServletResponse response) {
        return errorPage(HttpStatus.NOT_FOUND, e instanceof NotFoundException ? e.getMessage() : "There is no such page.",
                model, response);
    }

    @ExceptionHandler(RoleRequiredException.class)
    String roleRequired(RoleRequiredException e, Model model, HttpServletResponse response) {
        return errorPage(HttpStatus.FORBIDDEN, e.getMessage(), model, response);
    }

    @ExceptionHandler(InvalidRequestException.class)
    String invalid(InvalidRequestException e, Model model, HttpServletResponse response) {
        return errorPage(HttpStatus.BAD_REQUEST, e.getMessage(), model, response);
    }

    /**
     * A list's query or a form that does not bind (a number of days that is no number, a date that is no date): the
     * 400 page naming each field, as the API would, instead of the API's problem+json.
     */
    @ExceptionHandler(BindException.class)
    String unbound(BindException e, Model model, HttpServletResponse response) {
        String problems = e.getFieldErrors().stream().map(ConsolePage::inWords).sorted().collect(Collectors.joining("; "));
        return errorPage(HttpStatus.BAD_REQUEST, problems, model, response);
    }

    private static String inWords(FieldError error) {
        return error.contains(TypeMismatchException.class)
                ? TypeWords.mismatch(error.getField(), error.getRejectedValue(), error.unwrap(TypeMismatchException.class).getRequiredType())
                : error.getField() + ": " + error.getDefaultMessage();
    }

    @ExceptionHandler(ConflictException.class)
    String conflict(ConflictException e, Model model, HttpServletResponse response) {
        return errorPage(HttpStatus.CONFLICT, e.getMessage(), model, response);
    }

    /** The tenant asked for, else the caller's first one (pages offer the others); the global administrator names one. */
    static String tenantOf(Caller caller, String requested) {
        if ((requested == null || requested.isBlank()) && !caller.tenantIds().isEmpty()) {
            return caller.tenantIds().get(0);
        }
        return caller.tenantForNewRow(requested);
    }

    /** A form field as typed: null when left blank, else without the spaces around it. */
    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String errorPage(HttpStatus status, String message, Model model, HttpServletResponse response) {
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("title", status.getReasonPhrase());
        model.addAttribute("message", message);
        return "console/error";
    }
}
