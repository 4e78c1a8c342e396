package io.certflow.workflow.engine;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.rest.exception.RestException;

/**
 * An id of another tenant must look exactly like an id that does not exist. The engine answers the
 * first with "ENGINE-13034 Cannot ... because it belongs to no authenticated tenant" (a 500) and the
 * second, depending on the call, with a 404 naming the id, a 400 "Cannot find task with id ..." or a
 * 500 "execution ... doesn't exist": whoever compares the answers learns which ids exist in other
 * tenants. Both become one and the same 404, in the engine REST API's own error format.
 */
final class HiddenIds {

    /** The engine's message code for a command on an object of a tenant the user is not a member of (CommandLogger). */
    static final String UNAUTHORIZED_TENANT = "ENGINE-13034";

    static final String NOT_FOUND_BODY = """
            {"type":"NotFound","message":"Not found: nothing with this id exists in the tenants you belong to"}""";

    private HiddenIds() {
    }

    /**
     * True when the failure says an object named in the request does not exist, or belongs to a
     * tenant the user is not a member of. The engine REST API wraps the engine's exception in its
     * own, so the whole chain of causes counts.
     */
    static boolean hidesAnId(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = thrown; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof RestException rest && rest.getStatus() == Response.Status.NOT_FOUND
                    || cause instanceof NotFoundException
                    || cause instanceof NullValueException
                    || cause instanceof ProcessEngineException && cause.getMessage() != null
                            && cause.getMessage().startsWith(UNAUTHORIZED_TENANT)) {
                return true;
            }
        }
        return false;
    }

    static Response notFound() {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE).entity(NOT_FOUND_BODY).build();
    }
}
