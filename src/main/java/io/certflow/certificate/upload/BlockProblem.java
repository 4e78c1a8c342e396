package io.certflow.certificate.upload;

/** A problem with one PEM block that is already a full sentence; reported with the other blocks' problems. */
final class BlockProblem extends RuntimeException {

    BlockProblem(String message) {
        super(message, null, false, false);
    }
}
