package io.certflow.deployment;

/**
 * A verify endpoint did not show which certificate it serves: nothing listened, it did not answer in
 * time, the handshake failed or no certificate came. The message says so in words fit for a person
 * reading why a deployment is not verified (yet); it never names a Java class.
 */
public class ProbeFailedException extends Exception {

    public ProbeFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
