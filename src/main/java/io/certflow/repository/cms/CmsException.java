package io.certflow.repository.cms;

/**
 * The CMS input (or a key or certificate given with it) cannot be processed: it is malformed, of the wrong type,
 * not addressed to the given recipient, and so on. The message is one sentence meant for the person who sent the
 * input; the web layer answers it as HTTP 400 problem+json.
 */
public class CmsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CmsException(String message) {
        super(message);
    }

    public CmsException(String message, Throwable cause) {
        super(message, cause);
    }
}
