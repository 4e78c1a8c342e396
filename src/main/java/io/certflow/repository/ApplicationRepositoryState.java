package io.certflow.repository;

public enum ApplicationRepositoryState {
    /** Transient in the sense that it lasts until a reset: the repository has a data source and accepts work. */
    ENABLED,
    /**
     * Final until enabled again: data source and bindings cleared (irreversibly); only enable and
     * delete are possible.
     */
    RESET
}
