package io.certflow.workflow.engine;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;

/**
 * Exception mappers that answer {@link HiddenIds#notFound()} for a missing or another tenant's id,
 * and leave every other failure to the engine REST API's own mappers. A failure hides an id when
 * it says so itself ({@link HiddenIds#hidesAnId}), or when the object the call names by id is not
 * visible to the caller ({@link InvisibleIds}), whatever the failure said.
 *
 * <p>JAX-RS picks the mapper whose exception type is nearest to the thrown one, and among equally
 * near ones the one of highest priority (lowest number). So there is one mapper for each type the
 * engine's own mappers handle (ProcessEngineException, RestException, Throwable), each ahead of the
 * engine's in priority, and each declines ({@link ExtendedExceptionMapper#isMappable}) what does
 * not hide an id, which then reaches the engine's mapper as before.
 */
public final class HiddenIdExceptionMappers {

    /** Ahead of the engine's mappers, which have the default priority {@link Priorities#USER}. */
    static final int PRIORITY = Priorities.USER - 1000;

    private HiddenIdExceptionMappers() {
    }

    static final Class<?>[] ALL = {ForProcessEngineException.class, ForRestException.class, ForThrowable.class};

    /** Answers the uniform 404 for every failure of type {@code E} that hides an id; declines the others. */
    abstract static class HidingIds<E extends Throwable> implements ExtendedExceptionMapper<E> {
        @Context
        private UriInfo uri;

        @Override
        public boolean isMappable(E exception) {
            return HiddenIds.hidesAnId(exception) || InvisibleIds.namedIn(uri);
        }

        @Override
        public Response toResponse(E exception) {
            return HiddenIds.notFound();
        }
    }

    @Priority(PRIORITY)
    public static final class ForProcessEngineException extends HidingIds<ProcessEngineException> {
    }

    @Priority(PRIORITY)
    public static final class ForRestException extends HidingIds<RestException> {
    }

    @Priority(PRIORITY)
    public static final class ForThrowable extends HidingIds<Throwable> {
    }
}
