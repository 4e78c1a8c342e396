package io.certflow.repository;

import io.certflow.error.ConflictException;

/** Only a reset repository can be deleted: this one is not (or no longer) reset. */
public class ApplicationRepositoryNotResetException extends ConflictException {

    public ApplicationRepositoryNotResetException(ApplicationRepository repository) {
        super("Repository '" + repository.name() + "' is " + repository.state() + ": reset it first (POST /api/repositories/"
                + repository.id() + "/reset); only a reset repository can be deleted");
    }
}
