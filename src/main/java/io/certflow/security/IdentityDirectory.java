package io.certflow.security;

import java.util.Optional;

/** Users, passwords, tenant memberships and roles (kept in the engine's identity service, managed in Admin). */
public interface IdentityDirectory {

    /** The caller when the password is right and the user is not locked out, empty otherwise. */
    Optional<Caller> authenticate(String userId, String password);

    /**
     * True while the user may not log in at all: locked after wrong passwords (on any way in: the
     * API, the engine REST API, the webapps' login), or deleted. A remembered login must not
     * outlive either.
     */
    boolean lockedOut(String userId);
}
