package io.certflow.error;

/** Unknown id, or an id of another tenant: the two are deliberately indistinguishable. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what, Object id) {
        super(what + " " + id + " does not exist");
    }
}
